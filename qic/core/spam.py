"""Spam protection for public forms without a third-party service.

Two layers, as the join and sign-up forms need them:
- a honeypot: a field people never see (hidden by CSS and from screen readers) that bots fill in;
- a rate limit per client address, counted in the cache, so one address cannot flood the forms.

The address is hashed before it is used as a cache key: the cache never holds who submitted.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
#: Submissions allowed per address per window, for each form (a family may share one address).
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60


class HoneypotFormMixin(forms.Form):
    """Adds a field real people leave empty. A filled-in honeypot makes the form invalid."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("This form could not be sent. Please try again."), code="honeypot")
        return ""

    @property
    def caught_by_honeypot(self) -> bool:
        return any(error.code == "honeypot" for error in self.errors.as_data().get(HONEYPOT_FIELD, []))


def client_address(request) -> str:
    # Behind a proxy, django-axes' setting says how many hops to trust; the same rule applies here.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0)
    if hops and forwarded:
        addresses = [part.strip() for part in forwarded.split(",")]
        if len(addresses) >= hops:
            return addresses[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _key(scope: str, request) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request)}".encode()).hexdigest()[:32]
    return f"qic:rate:{scope}:{digest}"


def rate_limited(request, *, scope: str, limit: int = RATE_LIMIT, window: int = RATE_WINDOW_SECONDS) -> bool:
    """Count one submission for this address; true once it has gone over ``limit`` in ``window`` seconds."""
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return False
    return count > limit
