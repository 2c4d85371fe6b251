from django.conf import settings
from django.shortcuts import render


def sign_in_locked_out(request, response=None, credentials=None):
    """What django-axes shows after too many failed sign-ins (HTTP 429), in the reader's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
