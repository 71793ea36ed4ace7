from django.urls import path

from ctai.contracts.views import contracts, dashboard, exports, programmation, sheets

app_name = "contracts"

SHEET = "<int:contract>/fiches/<int:year>/<int:number>/"

urlpatterns = [
    path("", contracts.contract_list, name="list"),
    path("<int:contract>/", dashboard.dashboard, name="dashboard"),
    path("<int:contract>/controles/", dashboard.refresh_checks, name="refresh_checks"),
    path("<int:contract>/programmation/", programmation.programmation, name="programmation"),
    path(
        "<int:contract>/programmation/valider/",
        programmation.validate,
        name="validate_programmation",
    ),
    path(
        "<int:contract>/programmation.xlsx",
        exports.programmation_xlsx,
        name="programmation_xlsx",
    ),
    path("<int:contract>/programmation.csv", exports.programmation_csv, name="programmation_csv"),
    path(SHEET, sheets.sheet_detail, name="sheet"),
    path(f"{SHEET}echanges/", sheets.sheet_comment, name="sheet_comment"),
    path(f"{SHEET}modifier/<slug:section>/", sheets.sheet_edit, name="sheet_edit"),
    path(f"{SHEET}indicateurs/ajouter/", sheets.indicator_add, name="indicator_add"),
    path(
        f"{SHEET}indicateurs/<int:indicator>/supprimer/",
        sheets.indicator_delete,
        name="indicator_delete",
    ),
    path(f"{SHEET}budget/lignes/ajouter/", sheets.extra_line_add, name="extra_line_add"),
    path(
        f"{SHEET}budget/lignes/<int:line>/supprimer/",
        sheets.extra_line_delete,
        name="extra_line_delete",
    ),
]
