"""``{% error_summary_items as error_items %}``: the errors of the page's forms, for ``base.html``.

Registered in ``TEMPLATES["OPTIONS"]["libraries"]`` (``qic`` is not an app, so Django would not find it).
"""

from django import template

from qic.core.error_summary import ErrorItem, error_summary_items

register = template.Library()


@register.simple_tag(takes_context=True, name="error_summary_items")
def error_summary_items_tag(context) -> list[ErrorItem]:
    return error_summary_items(candidates=context.flatten().values())
