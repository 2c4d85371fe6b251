from django.conf import settings
from django.contrib import messages
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _


def sign_in_locked_out(request, response=None, credentials=None):
    """What django-axes shows after too many failed sign-ins (HTTP 429), in the reader's language."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


class InvitationView(PasswordResetConfirmView):
    """A new member chooses their password from the invitation link, and is signed in.

    Django's password-reset machinery: the token expires after ``PASSWORD_RESET_TIMEOUT`` and is
    spent once a password is set. An expired or used link shows who to ask for a new one.
    """

    template_name = "registration/invitation.html"
    token_generator = default_token_generator
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("dialogues:my_partnership")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set and you are signed in. Welcome!"))
        return response
