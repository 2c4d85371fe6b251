"""What a page with charts loads, and in which order, so that Plotly draws under ``style-src 'self'``: its
stylesheet from this site, marked so that plotly.js adds no <style> of its own, and the id that keeps the bundled
MapLibre from adding one (qic.core.plotly_css). Read from the installed plotly.min.js, so it follows upgrades."""

import re

from django.template import Context, Template
from django.urls import reverse

from qic.core.plotly_css import PLOTLY_JS, installed_maplibre_style_ids, maplibre_style_ids, plotly_rules

SOURCE = PLOTLY_JS.read_text(encoding="utf-8")


def render(text: str, **context) -> str:
    return Template("{% load charts %}" + text).render(Context(context))


def test_the_installed_plotly_checks_for_a_stylesheet_of_ours_before_adding_its_own():
    # plotly/plotly.js#7109: an element with this id and class stops addStyleRule from adding a <style>.
    assert 'getElementById(i);if(!(n&&n.matches(".no-inline-styles")))' in SOURCE
    assert '"plotly.js-style-"+e' in SOURCE


def test_the_stylesheet_holds_every_rule_plotly_would_have_added_itself():
    rules = dict(plotly_rules(SOURCE))

    assert len(rules) > 50
    assert ".js-plotly-plot .plotly .modebar" in rules
    assert any(selector.startswith(".plotly-notifier") for selector in rules)


def test_the_bundled_maplibre_is_found_with_the_id_that_stops_its_stylesheet():
    ids = installed_maplibre_style_ids()

    assert len(ids) == 1
    assert re.fullmatch(r"[0-9a-f]{64}", ids[0])
    snippet = 'if(!document.getElementById("{0}")){{var e=document.createElement("style");e.id="{0}"'
    assert maplibre_style_ids(snippet.format("ab12" * 8)) == ["ab12" * 8]


def test_the_head_of_a_chart_page_links_plotlys_stylesheet_as_plotly_looks_for_it():
    head = render("{% chart_head %}")

    link = (
        f'<link rel="stylesheet" href="{reverse("plotly_css")}" id="plotly.js-style-global" class="no-inline-styles">'
    )
    assert link in head
    assert '<link rel="stylesheet" href="/static/css/charts.css">' in head
    assert f'<template id="{installed_maplibre_style_ids()[0]}"></template>' in head
    assert "<style" not in head


def test_the_scripts_load_plotly_from_this_site_then_draw_the_charts():
    scripts = render("{% chart_scripts %}")

    assert scripts == (
        '<script src="/static/vendor/plotly/plotly.min.js"></script><script src="/static/js/charts.js"></script>'
    )
