"""Response headers that every page needs and no view should have to remember.

``PermissionsPolicyMiddleware`` switches off, for every response, the browser features QIC never
uses (camera, microphone, location…), so a script that got onto a page could not use them either.

``PrivateResponsesMiddleware`` keeps pages with personal or unsuppressed data out of every cache. A
signed-in reader's pages hold them (a member's stipends, the ledger, applicants' contact details,
staff's unsuppressed figures and CSV downloads), and a page for a signed-in reader that holds none
(the framework grid with the reader's name in the menu) is not worth telling apart: one rule that
cannot be forgotten by a new view beats a decorator on each. Such responses get ``Cache-Control:
private, no-store``, so neither a proxy nor the browser keeps a copy for the next person at a shared
computer to find with the back button after signing out. The same goes for the answer to a form
sent by anyone (POST and the like), which shows back what was typed: a name, an e-mail, a phone.

Public GET pages are left alone and stay cacheable, and a view that set its own Cache-Control has
decided (``never_cache`` on the health check, a day's public caching for Plotly's stylesheet). An
anonymous page with personal data marks itself with Django's ``@never_cache`` or
``@cache_control(private=True, no_store=True)``, as Django's sign-in and password views do.
"""

from django.utils.cache import patch_cache_control

SAFE_METHODS = ("GET", "HEAD")

#: Browser features QIC never uses, refused to every page and to anything framed in one. Only names
#: Chromium knows (an unknown one is an error in the browser's console). Passkeys would need the
#: two publickey-credentials entries taken out.
DISABLED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "otp-credentials",
    "payment",
    "picture-in-picture",
    "publickey-credentials-create",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "window-management",
    "xr-spatial-tracking",
)


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on responses to signed-in readers and to forms sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or request.method not in SAFE_METHODS:
            patch_cache_control(response, private=True, no_store=True)
        return response


def permissions_policy_header(features) -> str:
    """``camera=(), microphone=()``: each feature allowed to no origin at all, this site included."""
    return ", ".join(f"{feature}=()" for feature in features)


PERMISSIONS_POLICY = permissions_policy_header(DISABLED_FEATURES)


class PermissionsPolicyMiddleware:
    """The ``Permissions-Policy`` header on every response that has not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
