import logging

from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "ctai.reporting"
    verbose_name = "Bilans et évaluation"

    def ready(self) -> None:
        # WeasyPrint logs every rendering step (and its stylesheets at import) at INFO: noise
        # in the commands' output and the logs. Set before anything imports it.
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        # Conversations (on a report, on a sheet) are kept in the history (audit trail).
        from ctai.audit.recorder import register

        register("reporting.ReportComment", "report.period.contract_id", "report.sheet_id")
        # The contradictory evaluation: opinions, answers, sign-offs and reopenings (with why).
        register("reporting.ContradictoryEvaluation", "contract_id")
        register("reporting.SheetOpinion", "evaluation.contract_id", "sheet_id")
        register("reporting.SheetComment", "sheet.contract_id", "sheet_id")
