from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "ctai.participants"
    verbose_name = "Registre des participants"

    def ready(self) -> None:
        from ctai.audit.recorder import register

        # Identity never reaches the trail: names and birth date are left out of its values,
        # the participant is named by its pseudonym.
        identity = ("family_name", "first_names", "birth_date", "residence_start", "pseudonym")
        register("participants.Participant", "contract_id", "", private=identity)
        register("participants.Enrolment", "sheet.contract_id", "sheet_id")
        register("participants.Result", "enrolment.sheet.contract_id", "enrolment.sheet_id")
        register("participants.Exit", "enrolment.sheet.contract_id", "enrolment.sheet_id")
