"""The ctai/1 exchange format as a JSON Schema, and loading a ctai/1 JSON text safely.

Bounded before parsing (size, nesting depth) so that a crafted file ends in a French message,
not a ``RecursionError``; then validated, each wrong value named by its path
(``contract.actions[0].budget.total_cost``) and what was expected. Keys the schema does not
know are allowed: the format may grow (docs/exchange-format.md).
"""

import json
from typing import Any

from jsonschema import Draft202012Validator

MAX_DEPTH = 32

_TEXT = {"type": ["string", "null"]}
_AMOUNT = {"type": ["string", "null"], "pattern": r"^-?\d{1,10}\.\d{2}$"}
_DATE = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_INT = {"type": "integer", "minimum": 0, "maximum": 1_000_000}
_INT_OR_NULL = {"type": ["integer", "null"], "minimum": 0, "maximum": 1_000_000}


def _objects(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    """A list of objects whose known keys have these types."""
    return {
        "type": "array",
        "items": {"type": "object", "required": list(required), "properties": properties},
    }


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["format", "contract"],
    "properties": {
        "format": {"const": "ctai/1"},
        "contract": {
            "type": "object",
            "required": ["title", "actions"],
            "properties": {
                "title": {"type": "string", "maxLength": 500},
                "territory": _TEXT,
                "start": _DATE,
                "end": _DATE,
                "coordinator": _TEXT,
                "parties": _objects(
                    {"name": {"type": "string"}, "role": _TEXT, "representative": _TEXT},
                    required=("name",),
                ),
                "state_envelopes": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"year": _INT, "amount": _AMOUNT},
                    },
                },
                "payment_account": {
                    "type": ["object", "null"],
                    "properties": {"holder": _TEXT, "iban": _TEXT, "bic": _TEXT},
                },
                "axes": _objects(
                    {
                        "number": _INT,
                        "title": _TEXT,
                        "declared_amount": _AMOUNT,
                        "actions": {"type": "array", "items": _INT},
                        "operators": {"type": "object", "additionalProperties": _TEXT},
                    },
                    required=("number",),
                ),
                "actions": {
                    "type": "array",
                    "maxItems": 2000,
                    "items": {
                        "type": "object",
                        "required": ["number"],
                        "properties": {
                            "number": _INT,
                            "year": _INT,
                            "axis": {"type": ["integer", "null"]},
                            "title": _TEXT,
                            "operator": _TEXT,
                            "themes": {"type": "array", "items": {"type": "string"}},
                            "partners": {"type": "array", "items": {"type": "string"}},
                            "budget": {
                                "type": ["object", "null"],
                                "additionalProperties": _AMOUNT,
                                "properties": {
                                    "other_lines": {"type": "array", "items": {"type": "object"}},
                                    "unit_cost_text": _TEXT,
                                    "comment": _TEXT,
                                },
                            },
                            "indicators": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {
                                        "code": _TEXT,
                                        "label": _TEXT,
                                        "section": _TEXT,
                                        "target": {"type": ["string", "null"]},
                                        "target_text": _TEXT,
                                    },
                                },
                            },
                        },
                    },
                },
                "review": _objects(
                    {
                        "line": _INT_OR_NULL,
                        "action": _INT_OR_NULL,
                        "field": _TEXT,
                        "text": _TEXT,
                        "reason": _TEXT,
                    }
                ),
            },
        },
    },
}
_VALIDATOR = Draft202012Validator(SCHEMA)

_EXPECTED = {
    "type": "de type {}",
    "pattern": "au bon format",
    "const": "égal à {}",
    "required": "complet",
    "maxItems": "moins long",
    "maxLength": "moins long",
    "minimum": "plus grand",
    "maximum": "plus petit",
}
_TYPES = {
    "string": "texte",
    "null": "vide",
    "integer": "nombre entier",
    "object": "objet",
    "array": "liste",
}


class SchemaError(ValueError):
    """A ctai/1 text that cannot be loaded; the message says where and why, in French."""


def _path(parts) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(racine)"


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _describe(error) -> str:
    where = _path(error.absolute_path)
    if error.validator == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        expected = " ou ".join(_TYPES.get(t, t) for t in wanted)
        shown = json.dumps(error.instance, ensure_ascii=False)[:60]
        return f"{where} : valeur {shown} — {expected} attendu."
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"{where} : champ « {missing} » manquant."
    if error.validator == "pattern":
        return (
            f"{where} : valeur « {str(error.instance)[:60]} » au mauvais format "
            "(montant « 1234.00 », date « AAAA-MM-JJ »)."
        )
    if error.validator == "const":
        return f"{where} : « {error.validator_value} » attendu."
    return f"{where} : valeur refusée ({error.validator})."


def load_ctai1(content: bytes) -> dict[str, Any]:
    """The ctai/1 document of a JSON text, or a :class:`SchemaError` in French."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SchemaError("JSON illisible : le texte n'est pas en UTF-8.") from error
    if _depth(text) > MAX_DEPTH:
        raise SchemaError(
            f"JSON trop imbriqué (plus de {MAX_DEPTH} niveaux) : ce n'est pas un document ctai/1."
        )
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SchemaError(f"JSON illisible, ligne {error.lineno}.") from error
    errors = sorted(_VALIDATOR.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        listed = "\n".join(f"- {_describe(error)}" for error in errors[:20])
        more = f"\n… et {len(errors) - 20} autres." if len(errors) > 20 else ""
        raise SchemaError(f"Document ctai/1 invalide :\n{listed}{more}")
    return document
