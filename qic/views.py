from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aims.models import Aim, MatrixItem


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
