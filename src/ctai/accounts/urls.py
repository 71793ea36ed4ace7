from django.urls import path

from ctai.accounts import views, views_account

app_name = "accounts"

MEMBERS = "contrats/<int:contract>/membres/"
RESET = "mot-de-passe-oublie/"

urlpatterns = [
    path(MEMBERS, views.members, name="members"),
    path(f"{MEMBERS}inviter/", views.invite, name="invite"),
    path(f"{MEMBERS}<int:membership>/retirer/", views.revoke, name="revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("compte/", views_account.profile, name="profile"),
    path("compte/session/", views_account.keep_alive, name="keep_alive"),
    path("compte/mot-de-passe/", views_account.password_change, name="password_change"),
    path("compte/double-authentification/", views.otp_setup, name="otp_setup"),
    path("compte/double-authentification/code/", views.otp_verify, name="otp_verify"),
    path(
        "compte/double-authentification/codes-de-secours/",
        views_account.recovery_codes,
        name="recovery_codes",
    ),
    path(RESET, views_account.PasswordResetView.as_view(), name="password_reset"),
    path(
        f"{RESET}envoye/",
        views_account.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        f"{RESET}<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        f"{RESET}termine/",
        views_account.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
