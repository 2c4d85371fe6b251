"""Plotly.js's own style rules as a stylesheet, so charts draw under ``style-src 'self'`` with no CSP violation.

What the bundled ``plotly.min.js`` (v4) does that a strict ``style-src`` blocks, as a headless Chromium run
of the dashboards showed (``securitypolicyviolation`` events):

1. On load it adds its ~70 CSS rules (modebar, hover labels, notifier) to a ``<style>`` element it creates,
   ``plotly.js-style-global`` (``style-src-elem``; one "Cannot addRelatedStyleRule" warning per rule).
2. On load the MapLibre code it bundles adds MapLibre's CSS as another ``<style>`` element.
3. While drawing, d3 sets ``style`` attributes with ``setAttribute`` (``style-src-attr``): on a colour
   bar's fills, and on the ``<tspan>`` of pseudo-HTML such as ``<b>``, ``<i>``, ``<sup>`` in any label.

The fix keeps the policy as it is and takes each away:

1. This stylesheet holds those rules, read from the installed bundle so it always matches the library the
   pages load, and is linked with the id and class plotly.js checks for (``id="plotly.js-style-global"
   class="no-inline-styles"``, plotly/plotly.js#7109): seeing it, plotly.js adds no ``<style>``.
2. The bundle's MapLibre code adds its CSS only when no element carries its id yet; QIC draws no map, so
   the page carries an empty ``<template>`` with that id (:func:`installed_maplibre_style_ids`, read from
   the bundle too).
3. The figures use neither colour bars nor styled pseudo-HTML (``measures.charts`` escapes typed text, and a test
   walks every dashboard figure); element styles Plotly sets through the CSSOM are not blocked by CSP.

Nonces were the other way: django-csp can put one on ``<style>`` elements in the templates, but Plotly
creates its elements itself and has no option to take a nonce, and ``'unsafe-hashes'`` for the attributes
would loosen ``style-src`` for every page. See ``measures/templatetags/charts.py`` for the tags.
"""

import re
from functools import cache
from pathlib import Path

import plotly

PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
_ENTRY = re.compile(r"""(?:"([^"]*)"|'([^']*)')\s*:\s*(?:"([^"]*)"|'([^']*)')""")
# `if(!document.getElementById("<sha256>")){var e=document.createElement("style");e.id=...` in MapLibre's bundle.
_MAPLIBRE_STYLE = re.compile(r'getElementById\("([0-9a-f]{32,128})"\)\)\{var (\w+)=document\.createElement\("style"\)')


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


def maplibre_style_ids(source: str) -> list[str]:
    """The ids whose presence stops the bundled MapLibre code from adding its ``<style>`` element."""
    return [match.group(1) for match in _MAPLIBRE_STYLE.finditer(source)]


@cache
def plotly_stylesheet() -> str:
    rules = plotly_rules(PLOTLY_JS.read_text(encoding="utf-8"))
    return "\n".join(f"{selector}{{{declarations}}}" for selector, declarations in rules) + "\n"


@cache
def installed_maplibre_style_ids() -> tuple[str, ...]:
    """The installed bundle's MapLibre style ids (none in a bundle without MapLibre)."""
    return tuple(maplibre_style_ids(PLOTLY_JS.read_text(encoding="utf-8")))
