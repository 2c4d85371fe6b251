from django.contrib.auth import views as auth_views
from django.urls import path

from qic.accounts import views
from qic.accounts.forms import SignInForm

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A new member's link, from the approval e-mail (or passed on by QI staff), to choose a password.
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
