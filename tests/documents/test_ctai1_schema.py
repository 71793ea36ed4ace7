"""Loading ctai/1 JSON: deep nesting and wrongly typed values end in French messages naming
the path of the wrong value, never in a traceback."""

import copy
import json

import pytest

from ctai.documents.loading import Erreur, parse_document


def _load(document) -> dict:
    text = document if isinstance(document, str) else json.dumps(document)
    return parse_document("contrat.json", text.encode())


def test_the_reader_output_is_valid_ctai1(metz):
    assert _load(metz)["contract"]["title"] == metz["contract"]["title"]


def test_deep_nesting_is_refused_in_french():
    with pytest.raises(Erreur, match="trop imbriqué"):
        _load("{" + '"a":[' * 100_000 + "1" + "]" * 100_000 + "}")


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda d: d["contract"]["actions"][0].update(number="un"),
            "contract.actions[0].number",
            "nombre entier",
        ),
        (
            lambda d: d["contract"]["actions"][1]["budget"].update(total_cost=12.5),
            "contract.actions[1].budget.total_cost",
            "texte",
        ),
        (
            lambda d: d["contract"]["actions"][0]["budget"].update(total_cost="12,50"),
            "contract.actions[0].budget.total_cost",
            "mauvais format",
        ),
        (lambda d: d["contract"].update(actions={"1": {}}), "contract.actions", "liste"),
        (
            lambda d: d["contract"]["state_envelopes"][0].update(year=[2026]),
            "contract.state_envelopes[0].year",
            "nombre entier",
        ),
        (lambda d: d.update(format="ctai/9"), "format", "ctai/1"),
        (lambda d: d["contract"].pop("title"), "contract", "title"),
    ],
)
def test_a_wrong_value_is_named_by_its_path(metz, change, path, words):
    document = copy.deepcopy(metz)
    change(document)
    with pytest.raises(Erreur) as error:
        _load(document)
    message = str(error.value)
    assert f"{path} :" in message
    assert words in message
    assert "Traceback" not in message


def test_unreadable_json_says_the_line():
    with pytest.raises(Erreur, match="ligne 2"):
        _load('{\n"format": }')
