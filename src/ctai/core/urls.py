"""Signing in and out (connexion, déconnexion)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from ctai.core.forms import LoginForm

urlpatterns = [
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
]
