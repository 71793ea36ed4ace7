from django.urls import path

from ctai.reporting.views import (
    attachments,
    contradictory,
    evaluation,
    multiyear,
    nextyear,
    periods,
    report,
    workflow,
)

app_name = "reporting"

CONTRACT = "contrats/<int:contract>/"
REPORT = f"{CONTRACT}fiches/<int:year>/<int:number>/bilans/<slug:kind>/"

urlpatterns = [
    path(f"{CONTRACT}bilans/", periods.periods, name="periods"),
    path(f"{CONTRACT}evaluation/", evaluation.evaluation, name="evaluation"),
    path(
        f"{CONTRACT}evaluation/contradictoire/",
        contradictory.contradictory,
        name="contradictory",
    ),
    path(
        f"{CONTRACT}evaluation/contradictoire/avis/",
        contradictory.save_opinions,
        name="contradictory_opinions",
    ),
    path(
        f"{CONTRACT}evaluation/contradictoire/reponses/",
        contradictory.save_answers,
        name="contradictory_answers",
    ),
    path(
        f"{CONTRACT}evaluation/contradictoire/signer/",
        contradictory.sign_off,
        name="contradictory_sign",
    ),
    path(
        f"{CONTRACT}evaluation/contradictoire/rouvrir/",
        contradictory.reopen,
        name="contradictory_reopen",
    ),
    path(f"{CONTRACT}pluriannuel/", multiyear.multiyear_view, name="multiyear"),
    path(
        f"{CONTRACT}programmation/suivante/",
        nextyear.next_programmation,
        name="next_programmation",
    ),
    path(f"{CONTRACT}programmation/reliquats/", nextyear.apply_carryover, name="apply_carryover"),
    path(REPORT, report.report_page, name="report"),
    path(f"{REPORT}commencer/", report.start, name="start"),
    path(f"{REPORT}soumettre/", workflow.submit, name="submit"),
    path(f"{REPORT}renvoyer/", workflow.return_for_correction, name="return"),
    path(f"{REPORT}valider/", workflow.validate, name="validate"),
    path(f"{REPORT}commenter/", workflow.comment, name="comment"),
    path(f"{REPORT}pieces-jointes/", attachments.add, name="attachment_add"),
    path(f"{REPORT}pieces-jointes/<int:attachment>/", attachments.download, name="attachment"),
    path(
        f"{REPORT}pieces-jointes/<int:attachment>/supprimer/",
        attachments.remove,
        name="attachment_remove",
    ),
]
