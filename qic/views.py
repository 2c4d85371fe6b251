from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from aims.models import Aim, MatrixItem
from qic.core.plotly_css import plotly_stylesheet


@require_GET
def home(request):
    return render(
        request,
        "home.html",
        {"aims": Aim.objects.all(), "item_count": MatrixItem.objects.top_level().count()},
    )


@never_cache
@require_GET
def healthz(request):
    """For load balancers and compose health checks: is the database answering?"""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@cache_control(max_age=60 * 60 * 24, public=True)
@require_GET
def plotly_css(request):
    """Plotly.js's style rules, served from this site (see qic.core.plotly_css)."""
    return HttpResponse(plotly_stylesheet(), content_type="text/css; charset=utf-8")
