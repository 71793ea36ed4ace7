from django.urls import path

from ctai.accounts import views

app_name = "accounts"

MEMBERS = "contrats/<int:contract>/membres/"

urlpatterns = [
    path(MEMBERS, views.members, name="members"),
    path(f"{MEMBERS}inviter/", views.invite, name="invite"),
    path(f"{MEMBERS}<int:membership>/retirer/", views.revoke, name="revoke"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("compte/double-authentification/", views.otp_setup, name="otp_setup"),
    path("compte/double-authentification/code/", views.otp_verify, name="otp_verify"),
]
