from django.contrib import admin
from django.urls import include, path

from ctai.notifications.views import home

admin.site.site_header = "CTAI — administration"
admin.site.site_title = "CTAI"
admin.site.index_title = "Contrats territoriaux d'accueil et d'intégration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("ctai.core.urls")),
    path("", include("ctai.documents.urls")),
    path("contrats/", include("ctai.contracts.urls")),
    path("contrats/", include("ctai.amendments.urls")),
    path("", include("ctai.accounts.urls")),
    path("", include("ctai.audit.urls")),
    path("", include("ctai.reporting.urls")),
    path("", include("ctai.participants.urls")),
    path("", include("ctai.notifications.urls")),
    path("", include("ctai.governance.urls")),
    path("", include("ctai.files.urls")),
    path("", home, name="home"),  # « Mes tâches », everyone's landing page
]
