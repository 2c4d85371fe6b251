"""``{% chart_head %}`` in a page's ``head`` block and ``{% chart_scripts %}`` in its ``scripts`` block: what a
page with Plotly charts needs, in the order that lets them draw under the strict CSP (see qic.core.plotly_css).

The head part must come before the script: plotly.js looks for its stylesheet, and MapLibre for its id, the
moment the bundle runs.
"""

from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from qic.core.plotly_css import installed_maplibre_style_ids

register = template.Library()


@register.simple_tag
def chart_head() -> str:
    """Plotly's stylesheet, marked so that plotly.js adds no ``<style>`` of its own, the charts' stylesheet, and
    the ids that keep the bundled MapLibre from adding its stylesheet (QIC draws no maps)."""
    link = format_html(
        '<link rel="stylesheet" href="{}" id="plotly.js-style-global" class="no-inline-styles">'
        '<link rel="stylesheet" href="{}">',
        reverse("plotly_css"),
        static("css/charts.css"),
    )
    ids = ((style_id,) for style_id in installed_maplibre_style_ids())
    placeholders = format_html_join("", '<template id="{}"></template>', ids)
    return link + placeholders


@register.simple_tag
def chart_scripts() -> str:
    """Plotly.js from this site, then the script that draws every ``[data-figure]`` on the page."""
    return format_html(
        '<script src="{}"></script><script src="{}"></script>',
        static("vendor/plotly/plotly.min.js"),
        static("js/charts.js"),
    )
