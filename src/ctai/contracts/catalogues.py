"""Official lists of the action-sheet template (fiche action), as plain data.

Pure Python on purpose: the document reader and the checks engine use them without Django.
Codes are stable ASCII identifiers used in the ctai/1 exchange format; labels are the
official French wording of the template.
"""

# Section 3 of the template: the 16 official themes (thématiques).
THEMES: list[tuple[str, str]] = [
    ("francais", "Apprentissage du français"),
    ("francais_pro", "Apprentissage du français à visée professionnelle"),
    ("emploi", "Accompagnement vers / Accès à l'emploi et à la formation professionnelle"),
    ("logement", "Accès au logement"),
    ("sante", "Santé / Accès à la santé"),
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
    ("promotion", "Promotion et valorisation de la politique d'intégration"),
]

# Section 7: partners mobilised (partenaires mobilisés). "autre" carries a free text.
PARTNERS: list[tuple[str, str]] = [
    ("france_travail", "France Travail"),
    ("ofii", "OFII"),
    ("agir", "Opérateur AGIR"),
    ("caf", "CAF"),
    ("cpam", "CPAM"),
    ("conseil_departemental", "Conseil départemental"),
    ("conseil_regional", "Conseil régional"),
    ("autre_collectivite_ctai", "Autre collectivité signataire d'un CTAI"),
    ("universite", "Université"),
    ("services_hospitaliers", "Services hospitaliers/médico-sociaux"),
    ("chambres_consulaires", "Chambres consulaires"),
    ("autre", "Autre (précisez)"),
]

# Section 5: who carries the action (portage de l'action).
OPERATOR_KINDS: list[tuple[str, str]] = [
    ("collectivite", "Collectivité signataire du CTAI"),
    ("ccas", "CCAS"),
    ("associatif", "Porteur associatif"),
    ("autre", "Autre (précisez)"),
]

# Section 6: how the operator is selected (modalités de sélection).
SELECTION_MODES: list[tuple[str, str]] = [
    ("aap", "Appel à projets (AAP)"),
    ("ami", "Appel à manifestation d'intérêt (AMI)"),
    ("direct", "Conventionnement direct"),
    ("autre", "Autre (précisez)"),
]

# Budget lines of section 8, in template order: (field, label, parent field or None).
BUDGET_LINES: list[tuple[str, str, str | None]] = [
    (
        "p104_subsidy",
        "Montant de la subvention demandée sur les crédits de l'action 12 du programme 104",
        None,
    ),
    (
        "p104_carryover",
        "Montant des reliquats disponibles au titre de l'exécution n-1 (action 12 du P104)",
        None,
    ),
    ("local_contribution", "Montant de la contribution de la collectivité", None),
    ("local_direct", "dont financements directs", "local_contribution"),
    ("local_in_kind", "dont contributions estimées en nature", "local_contribution"),
    ("other_funders", "Contributions prévisionnelles des autres financeurs", None),
    ("p103", "dont programme 103", "other_funders"),
    ("p147", "dont programme 147", "other_funders"),
    ("p177", "dont programme 177", "other_funders"),
    ("other_state", "dont autre programme budgétaire de l'État", "other_funders"),
    ("fami", "dont FAMI", "other_funders"),
    ("private", "dont financements privés", "other_funders"),
    ("total_cost", "Coût total de l'action", None),
    ("unit_cost", "Coût unitaire moyen par bénéficiaire", None),
]
BUDGET_FIELDS: list[str] = [field for field, _, _ in BUDGET_LINES]
RESOURCE_FIELDS: list[str] = [
    "p104_subsidy",
    "p104_carryover",
    "local_contribution",
    "other_funders",
]

THEME_LABELS = dict(THEMES)
PARTNER_LABELS = dict(PARTNERS)
