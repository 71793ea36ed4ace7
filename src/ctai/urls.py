from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "CTAI — administration"
admin.site.site_title = "CTAI"
admin.site.index_title = "Contrats territoriaux d'accueil et d'intégration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]
