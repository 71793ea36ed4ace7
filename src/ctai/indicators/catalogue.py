"""The standard indicators of the action-sheet template (section 9), as plain data.

Each entry: code, section, label, unit, parent code ("dont" breakdowns). Sections are the
theme codes of ``ctai.contracts.catalogues.THEMES`` plus the two beneficiary tables.
Pure Python: the reader and the checks use it without Django.
"""

from typing import NamedTuple


class IndicatorDefinition(NamedTuple):
    code: str
    section: str
    label: str
    unit: str  # count / hours / months / percent / euros / text
    parent: str | None = None


SECTIONS: list[tuple[str, str]] = [
    ("beneficiaires", "Bénéficiaires étrangers primo-arrivants"),
    ("acteurs_integration", "Acteurs de l'intégration bénéficiaires"),
    ("francais", "Apprentissage du français (y compris à visée professionnelle)"),
    ("emploi", "Accompagnement vers / Accès à l'emploi et à la formation professionnelle"),
    ("logement", "Accès au logement"),
    ("sante", "Accès à la santé"),
    ("droits", "Accès aux droits"),
    ("sport", "Accès au sport"),
    ("culture", "Accès à la culture / aux pratiques culturelles et artistiques"),
    ("mobilite", "Aide à la mobilité"),
    ("parentalite", "Aide à la parentalité / Garde d'enfants"),
    (
        "republique",
        "Appropriation des principes de la République et des usages de la société française",
    ),
    ("numerique", "Lutte contre la fracture numérique et l'illectronisme"),
    ("accompagnement_global", "Accompagnement global / Parcours d'intégration renforcé"),
    ("acteurs", "Actions en direction des acteurs / Professionnalisation des acteurs"),
    ("coordination", "Ingénierie / Coordination du contrat et gouvernance locale"),
    ("autres", "Autres indicateurs"),
]
SECTION_LABELS = dict(SECTIONS)

D = IndicatorDefinition
INDICATORS: list[IndicatorDefinition] = [
    # 1.1 Beneficiaries (EPA)
    D(
        "ben_total",
        "beneficiaires",
        "Nombre total d'étrangers éligibles bénéficiaires de l'action",
        "count",
    ),
    D("ben_men", "beneficiaires", "dont hommes", "count", "ben_total"),
    D("ben_women", "beneficiaires", "dont femmes", "count", "ben_total"),
    D("ben_under25", "beneficiaires", "dont moins de 25 ans", "count", "ben_total"),
    D("ben_bpi", "beneficiaires", "dont BPI", "count", "ben_total"),
    D("ben_bpi_men", "beneficiaires", "dont BPI hommes", "count", "ben_bpi"),
    D("ben_bpi_women", "beneficiaires", "dont BPI femmes", "count", "ben_bpi"),
    D("ben_bpi_under25", "beneficiaires", "dont BPI moins de 25 ans", "count", "ben_bpi"),
    D("ben_bpt", "beneficiaires", "dont BPT", "count", "ben_total"),
    D("ben_non_epa", "beneficiaires", "dont autres publics hors EPA", "count", "ben_total"),
    # 1.2 Integration actors
    D(
        "actors_identity",
        "acteurs_integration",
        "Identité des acteurs de l'intégration bénéficiaire de l'action",
        "text",
    ),
    D(
        "actors_trained",
        "acteurs_integration",
        "Nombre d'acteurs de l'intégration bénéficiaires d'une action de formation",
        "count",
    ),
    # French learning
    D("fr_hours", "francais", "Nombre d'heures de formation dispensées", "hours"),
    D("fr_hourly_cost", "francais", "Coût horaire unitaire", "euros"),
    D("fr_assiduous", "francais", "Nombre de participants assidus", "count"),
    D(
        "fr_cecrl_progress",
        "francais",
        "Nombre de participants ayant progressé d'au moins un niveau du CECRL",
        "count",
    ),
    D(
        "fr_certification",
        "francais",
        "Nombre de participants ayant passé une certification à l'issue de la formation",
        "count",
    ),
    # Employment
    D("emp_duration", "emploi", "Durée moyenne du parcours vers l'emploi", "months"),
    D(
        "emp_positive_exits",
        "emploi",
        "Nombre de bénéficiaires en sortie positive à l'issue du parcours d'accompagnement vers l'emploi",
        "count",
    ),
    D("emp_training", "emploi", "Nombre de bénéficiaires en formation professionnelle", "count"),
    D(
        "emp_durable",
        "emploi",
        "Nombre de bénéficiaires en emploi durable à l'issue du parcours",
        "count",
    ),
    D(
        "emp_positive_6m",
        "emploi",
        "Nombre de bénéficiaires en sortie positive 6 mois après leur sortie de parcours",
        "count",
    ),
    # Housing
    D("hous_households", "logement", "Nombre de ménages accompagnés vers le logement", "count"),
    D(
        "hous_duration",
        "logement",
        "Durée moyenne des parcours d'accompagnement vers le logement",
        "months",
    ),
    D(
        "hous_permanent",
        "logement",
        "Nombre de ménages ayant pu accéder à un logement pérenne",
        "count",
    ),
    D(
        "hous_share",
        "logement",
        "Part sur la totalité des participants en situation de fin de parcours",
        "percent",
    ),
    # Health
    D(
        "health_consultations",
        "sante",
        "Nombre de consultations médicales pour des étrangers éligibles",
        "count",
    ),
    D(
        "health_per_participant",
        "sante",
        "Nombre moyen de consultations médicales par participant",
        "count",
    ),
    D(
        "health_interpreter_share",
        "sante",
        "Part des consultations médicales réalisées avec une prestation d'interprétariat",
        "percent",
    ),
    # Rights
    D(
        "rights_hours",
        "droits",
        "Nombre d'heures de formation d'accompagnement consacrées aux bénéficiaires",
        "hours",
    ),
    D("rights_hourly_cost", "droits", "Coût horaire unitaire", "euros"),
    D("rights_tools", "droits", "Outils et méthodes utilisés", "text"),
    # Sport, culture
    D(
        "sport_events",
        "sport",
        "Nombre d'événements sportifs auxquels les bénéficiaires ont participé",
        "count",
    ),
    D(
        "culture_events",
        "culture",
        "Nombre d'événements culturels et artistiques auxquels les bénéficiaires ont participé",
        "count",
    ),
    # Mobility
    D(
        "mob_highway_code",
        "mobilite",
        "Nombre de personnes accompagnées ayant obtenu le code de la route",
        "count",
    ),
    D(
        "mob_licence",
        "mobilite",
        "Nombre de personnes accompagnées ayant obtenu le permis de conduire",
        "count",
    ),
    # Parenting
    D("par_creche_places", "parentalite", "Nombre de places en crèche / halte-garderie", "count"),
    D("par_workshops", "parentalite", "Nombre d'ateliers de sensibilisation", "count"),
    # Republic principles
    D(
        "rep_hours",
        "republique",
        "Nombre d'heures de formation ou d'accompagnement dispensées",
        "hours",
    ),
    D("rep_hourly_cost", "republique", "Coût horaire unitaire", "euros"),
    D(
        "rep_tools",
        "republique",
        "Outils et méthodes utilisés pour l'appropriation des principes de la République",
        "text",
    ),
    D("rep_pairs", "republique", "Nombre de binômes constitués (parrainage, mentorat)", "count"),
    # Digital inclusion
    D(
        "dig_hours",
        "numerique",
        "Nombre d'heures de formation consacrées à la réduction de l'illectronisme",
        "hours",
    ),
    D("dig_hourly_cost", "numerique", "Coût horaire unitaire", "euros"),
    D(
        "dig_devices",
        "numerique",
        "Nombre d'outils (tablette, etc.) mis à disposition individuellement des étrangers éligibles",
        "count",
    ),
    # Actors' professionalisation
    D(
        "pro_workshops",
        "acteurs",
        "Nombre d'ateliers tenus et nombre d'heures de formation dispensées aux acteurs de l'intégration",
        "count",
    ),
    D("pro_tools_description", "acteurs", "Description des outils", "text"),
    D(
        "pro_tools_created",
        "acteurs",
        "Outils créés et/ou mis à disposition des professionnels",
        "text",
    ),
    # Coordination
    D(
        "coord_recruited",
        "coordination",
        "Un coordonnateur du CTAI est-il recruté (part d'ETPT, recrutement ou agent en poste, missions)",
        "text",
    ),
]
del D

INDICATOR_BY_CODE: dict[str, IndicatorDefinition] = {i.code: i for i in INDICATORS}
UNITS: list[tuple[str, str]] = [
    ("count", "nombre"),
    ("hours", "heures"),
    ("months", "mois"),
    ("percent", "pourcentage"),
    ("euros", "euros"),
    ("text", "texte"),
]
