"""Plotly.js's own style rules as a stylesheet, so charts look right under a strict CSP.

Plotly.js adds its CSS (modebar, hover labels, notifier) at run time with ``<style>`` rules, which a
Content-Security-Policy of ``style-src 'self'`` blocks ("Cannot addRelatedStyleRule, probably due to
strict CSP"). The rules are a literal object in the bundled ``plotly.min.js``; this reads them from
the installed copy, so the stylesheet always matches the library the pages load.
"""

import re
from functools import cache
from pathlib import Path

import plotly

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_ENTRY = re.compile(r"""(?:"([^"]*)"|'([^']*)')\s*:\s*(?:"([^"]*)"|'([^']*)')""")


def plotly_rules(source: str) -> list[tuple[str, str]]:
    """(selector, declarations) pairs of the rules object in plotly.js's source, selectors expanded as
    plotly.js expands them (X is the plot, Y the notifier)."""
    anchor = source.index('"X,X div":')
    start, end = source.rindex("{", 0, anchor), source.index("}", anchor)
    rules = []
    for match in _ENTRY.finditer(source[start + 1 : end]):
        key = match.group(1) if match.group(1) is not None else match.group(2)
        value = match.group(3) if match.group(3) is not None else match.group(4)
        selector = re.sub(r"^,", " ,", key).replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append((selector, value))
    return rules


@cache
def plotly_stylesheet() -> str:
    rules = plotly_rules(PLOTLY_JS.read_text(encoding="utf-8"))
    return "\n".join(f"{selector}{{{declarations}}}" for selector, declarations in rules) + "\n"
