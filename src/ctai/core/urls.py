"""Signing in and out (connexion, déconnexion)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from ctai.accounts.views_account import LoginView

urlpatterns = [
    # The login page with the throttling across login names (ctai.accounts.throttle).
    path("connexion/", LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
]
