"""Spam protection for public forms without a third-party service.

Two layers, as the join and sign-up forms need them:
- a honeypot: a field people never see (hidden by CSS and from screen readers) that bots fill in;
- a rate limit per client address on accepted submissions, counted in the cache, so one address
  cannot flood the forms (``rate_limit_reached`` before, ``rate_limit_count`` after acceptance).

The address is hashed before it is used as a cache key: the cache never holds who submitted.
"""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
#: Accepted submissions allowed per address per window, for each form (a family may share one address).
RATE_LIMIT = 10
RATE_WINDOW_SECONDS = 60 * 60


class HoneypotFormMixin(forms.Form):
    """Adds a field real people leave empty. A filled-in honeypot makes the form invalid.

    A view answers a form ``caught_by_honeypot`` exactly as it answers an accepted one (the same
    redirect and message, counted towards the rate limit), storing and sending nothing: a bot that
    is told it failed learns to leave the field empty.
    """

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


def rate_limit_reached(request, *, scope: str, limit: int = RATE_LIMIT) -> bool:
    """True once this address has sent ``limit`` accepted submissions within the window."""
    return (cache.get(_key(scope, request)) or 0) >= limit


def rate_limit_count(request, *, scope: str, window: int = RATE_WINDOW_SECONDS) -> None:
    """Count one accepted submission from this address; the count is forgotten ``window`` seconds after the first.

    Only submissions the sender is told were accepted count (stored, a repeat, or a bot's honeypot,
    which all look the same to the sender): a mistyped form stores nothing and sends no e-mail, and a
    family sharing a connection who correct a few mistakes must not be locked out for an hour. Two
    submissions at the same moment may both pass the check before either is counted; the limit is a
    brake on flooding, not an exact quota.
    """
    key = _key(scope, request)
    if cache.add(key, 1, timeout=window):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
