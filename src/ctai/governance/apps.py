from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "ctai.governance"
    verbose_name = "Gouvernance (comités de pilotage)"

    def ready(self) -> None:
        # Meetings, participants and decisions are contract data: under the audit trail. The
        # rule "a COPIL in June and in December" joins the consistency checks (ADR 0014).
        from ctai.audit.recorder import register
        from ctai.checks.services import register_findings_source
        from ctai.governance.checks import meeting_findings

        register("governance.Meeting", "contract_id")
        register("governance.Participant", "meeting.contract_id")
        register("governance.Decision", "meeting.contract_id")
        register_findings_source(meeting_findings)
