from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def landing(request):
    """What taking part means, for anyone: dialogues, CQI cells, and how to join."""
    return render(request, "dialogues/landing.html")
