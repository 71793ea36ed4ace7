"""Who the contract's actions are for (article 2), checked with a message saying what to fix.

Third-country nationals in regular residence for less than 5 years intending to settle (EPA),
beneficiaries of international protection (BPI), of temporary protection (BPT, since
4 March 2022). Pure functions: the forms, the model and the import use the same rule.
"""

import datetime

from ctai.participants.enums import ProtectionStatus

RESIDENCE_YEARS = 5
TEMPORARY_PROTECTION_START = datetime.date(2022, 3, 4)


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def eligibility_errors(
    *,
    status: str,
    status_year: int | None,
    third_country_national: bool,
    residence_start: datetime.date | None,
    birth_date: datetime.date | None,
    arrival_year: int | None,
    on: datetime.date,
) -> dict[str, str]:
    """Field → French message; empty when the person may be recorded."""
    errors: dict[str, str] = {}
    if birth_date and birth_date > on:
        errors["birth_date"] = "La date de naissance est dans le futur."
    if arrival_year and arrival_year > on.year:
        errors["arrival_year"] = f"L'année d'arrivée ({arrival_year}) est dans le futur."
    if birth_date and arrival_year and arrival_year < birth_date.year:
        errors["arrival_year"] = "L'année d'arrivée précède l'année de naissance."
    if status_year and status_year > on.year:
        errors["status_year"] = f"L'année du statut ({status_year}) est dans le futur."
    if status == ProtectionStatus.BPT and status_year and status_year < 2022:
        errors["status_year"] = (
            "La protection temporaire n'existe que depuis le 4 mars 2022 : "
            f"l'année {status_year} ne convient pas."
        )
    if status == ProtectionStatus.EPA:
        if not third_country_national:
            errors["third_country_national"] = (
                "Personne non éligible (article 2 du contrat) : un étranger primo-arrivant est "
                "ressortissant d'un pays hors de l'Union européenne."
            )
        if residence_start is None:
            errors["residence_start"] = (
                "Indiquez la date de début du séjour régulier : l'éligibilité (article 2) "
                "en dépend."
            )
        elif residence_start > on:
            errors["residence_start"] = "Le début du séjour régulier est dans le futur."
        elif residence_start <= _years_before(on, RESIDENCE_YEARS):
            errors["residence_start"] = (
                "Personne non éligible (article 2 du contrat) : le séjour régulier a commencé "
                f"le {residence_start:%d/%m/%Y}, il y a {RESIDENCE_YEARS} ans ou plus."
            )
    return errors
