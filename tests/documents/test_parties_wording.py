"""Départements and EPCI sign and coordinate contracts too: their wording is read as the
signatory and as the coordinating organisation, in generated territories' documents."""

from dataclasses import dataclass

import pytest

from ctai.contracts.enums import OrganisationKind
from ctai.documents.reader import read_document
from ctai.documents.services import document_import
from tests.documents.corpus.territories import TERRITORIES, text
from tests.documents.corpus.writers import WRITERS


@dataclass(frozen=True)
class Wording:
    banner: str
    signatory: str
    sentence: str
    territory: str
    coordinator: str
    representative: str


WORDINGS = [
    Wording(
        "De la Communauté d'agglomération du Grand Orval",
        "La Communauté d'agglomération du Grand Orval, représentée par son Président, "
        "Monsieur Henri LEROY,",
        "La coordination du contrat est assurée par la Communauté d'agglomération du Grand Orval.",
        "Communauté d'agglomération du Grand Orval",
        "Communauté d'agglomération du Grand Orval",
        "Henri LEROY, Président",
    ),
    Wording(
        "Du Département de la Haute-Lise",
        "Le Département de la Haute-Lise, représenté par le Président du Conseil "
        "départemental, Madame Anne ROUX,",
        "Le Département de la Haute-Lise assure la coordination du contrat.",
        "Département de la Haute-Lise",
        "Département de la Haute-Lise",
        "Anne ROUX, Président du Conseil départemental",
    ),
    Wording(
        "",
        "Le Conseil départemental de l'Arvel, représenté par sa Présidente, Madame Lise FAURE,",
        "Le pilotage du contrat est confié au Conseil départemental de l'Arvel.",
        "Conseil départemental de l'Arvel",
        "Conseil départemental de l'Arvel",
        "Lise FAURE, Présidente",
    ),
    Wording(
        "",
        "La Communauté de communes du Pays de Brée (CCPB), représentée par son Président,",
        "La Communauté de communes du Pays de Brée est la structure coordinatrice du contrat.",
        "Communauté de communes du Pays de Brée",
        "Communauté de communes du Pays de Brée",
        "Président",
    ),
    Wording(
        "De la Métropole du Val d'Ombre",
        "La Métropole du Val d'Ombre, représentée par sa Présidente,",
        "Coordination du contrat : Métropole du Val d'Ombre",
        "Métropole du Val d'Ombre",
        "Métropole du Val d'Ombre",
        "Présidente",
    ),
    Wording(
        "De la Communauté urbaine de Castelnoir",
        "La Communauté urbaine de Castelnoir, représentée par Monsieur Marc DUVAL, Vice-Président,",
        "La Direction de la cohésion sociale de la Communauté urbaine de Castelnoir est "
        "chargée de la coordination du contrat.",
        "Communauté urbaine de Castelnoir",
        "Direction de la cohésion sociale de la Communauté urbaine de Castelnoir",
        "Marc DUVAL, Vice-Président",
    ),
]
CASES = [(wording, TERRITORIES[index % len(TERRITORIES)]) for index, wording in enumerate(WORDINGS)]


def document_of(wording: Wording, territory) -> str:
    """The territory's document with this signatory, banner and coordinator sentence."""
    body = text(territory)
    articles = body[body.index("ARTICLE 1") :]
    head = [
        "Contrat territorial d'accueil et d'intégration (CTAI)",
        wording.banner,
        "",
        "Entre",
        wording.signatory,
        "Et",
        "L'État, représenté par le Préfet de la région, d'autre part,",
        "Il est convenu ce qui suit",
        "",
        wording.sentence,
        "",
    ]
    return "\n".join(head) + "\n" + articles


@pytest.mark.parametrize("kind", ["txt", "docx"])
@pytest.mark.parametrize(("wording", "territory"), CASES)
def test_the_signatory_and_coordinator_are_read(wording, territory, kind):
    source = document_of(wording, territory)
    document = read_document(source.encode() if kind == "txt" else WRITERS[kind](source))
    contract = document["contract"]
    assert contract["territory"] == wording.territory
    assert contract["coordinator"] == wording.coordinator
    assert contract["parties"] == [
        {
            "name": wording.territory,
            "role": "Collectivité signataire",
            "representative": wording.representative,
        },
        {"name": "État", "role": "État", "representative": "Préfet de la région"},
    ]
    assert not [i for i in contract["review"] if i["field"] == "coordinator"]
    # The sheets are read as before.
    assert [a["number"] for a in contract["actions"]] == [s.number for s in territory.sheets]


def test_a_steering_committee_is_not_the_coordinator():
    territory = TERRITORIES[2]
    wording = WORDINGS[0]
    source = document_of(wording, territory).replace(
        wording.sentence,
        "Le pilotage du contrat est assuré par le comité de pilotage réuni deux fois par an.",
    )
    contract = read_document(source.encode())["contract"]
    assert contract["coordinator"] is None
    assert [i["field"] for i in contract["review"]] == ["coordinator"]


@pytest.mark.django_db
@pytest.mark.parametrize(("wording", "territory"), CASES[1::2])
def test_they_import_as_local_authorities(wording, territory):
    document = read_document(document_of(wording, territory).encode())
    contract = document_import(document=document, filename="c.txt", content=b"").contract
    assert contract.territory == wording.territory
    assert contract.coordinator.name == wording.coordinator
    assert contract.coordinator.kind == OrganisationKind.COLLECTIVITE
    party = contract.parties.get(position=0)
    assert party.organisation.kind == OrganisationKind.COLLECTIVITE
    assert party.representative == wording.representative
