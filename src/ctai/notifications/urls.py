from django.urls import path

from ctai.notifications import views

app_name = "notifications"

REPORT = "contrats/<int:contract>/fiches/<int:year>/<int:number>/bilans/<slug:kind>/"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/<int:notification>/", views.open_notification, name="open"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path(f"{REPORT}relancer/", views.remind, name="remind"),
]
