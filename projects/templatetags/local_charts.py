"""``{{ local_charts|charts_of:measure.pk }}``: one local measure's charts from the project page's dict
(:func:`projects.selectors.local_charts.project_local_charts`)."""

from django import template

register = template.Library()


@register.filter
def charts_of(charts_by_measure: dict, pk):
    return (charts_by_measure or {}).get(pk)
