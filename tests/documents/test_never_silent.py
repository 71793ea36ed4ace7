"""Nothing the document announces disappears without a word, and a missing coordinator no
longer refuses the import: it is a point to complete, required to validate a programmation."""

import pytest
from django.core.exceptions import ValidationError

from ctai.contracts.models import Organisation
from ctai.documents.reader import read_document
from ctai.documents.services import document_import
from ctai.programmation.validation import programmation_validate
from tests.factories import grant

DOCUMENT = """Contrat territorial d'accueil et d'intégration
De la Commune de Essai

ARTICLE 1 – Objet du contrat

Axe 1 : Accueil
Pour un montant global de 12 000 €
- Fiche action n° 1 : Accueil des familles
- Fiche action n° 2 : Permanence juridique

ARTICLE 2 – Durée du contrat
Le contrat est conclu du 1er janvier 2026 au 31 décembre 2028.

ARTICLE 3 – Engagements financiers de l'État
Pour l'année 2026, l'État contribue pour un montant de 10 000 euros.

Programmation 2026

Fiche action n° 1 : Accueil des familles
Axe 1 : Accueil
Description de l'action : Un accueil.
Budget prévisionnel
Montant de la subvention demandée sur les crédits de l'action 12 du programme 104\t10 000
Montant de la contribution de la collectivité\t2 000
Coût total de l'action\t12 000
Indicateurs de suivi et d'évaluation
Nombre total d'étrangers éligibles bénéficiaires de l'action\t20

Fiche action n° 3 : Sans budget
Axe 1 : Accueil
Description de l'action : Une fiche dont le tableau budgétaire manque.
Indicateurs de suivi et d'évaluation
Nombre total d'étrangers éligibles bénéficiaires de l'action\t5
"""


def reasons(document: dict) -> dict[tuple[object, object], str]:
    return {(i["action"], i["field"]): i["reason"] for i in document["contract"]["review"]}


def test_what_is_missing_becomes_review_items():
    document = read_document(DOCUMENT)
    found = reasons(document)
    assert document["contract"]["coordinator"] is None
    assert "coordinatrice" in found[(None, "coordinator")]
    assert "annoncée dans l'axe 1" in found[(2, None)]
    assert "Budget prévisionnel" in found[(3, "budget")]
    assert document["contract"]["state_envelopes"] == [{"year": 2026, "amount": "10000.00"}]
    # Nothing of sheet 3 is attached to sheet 1.
    first = document["contract"]["actions"][0]
    assert first["budget"]["total_cost"] == "12000.00"
    assert [row["target"] for row in first["indicators"]] == ["20.00"]


@pytest.mark.django_db
def test_import_without_coordinator_keeps_a_point_to_complete(django_user_model):
    document = read_document(DOCUMENT)
    report = document_import(document=document, filename="essai.txt", content=b"x")
    contract = report.contract
    assert contract.coordinator is None
    assert contract.review_items.filter(field="coordinator").exists()
    user = django_user_model.objects.create_user("someone")
    grant(user, contract, organisation=Organisation.objects.create(name="CCAS d'Essai"))
    with pytest.raises(ValidationError, match="coordinatrice"):
        programmation_validate(actor=user, contract=contract, year=2026)
