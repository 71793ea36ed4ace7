"""A contract started without a document: the short form's answers as a ctai/1 dict.

It then goes through the same preview and the same import as a document read from a file
(docs/adr/0008), so a contract has one way in.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ctai.documents.reader import FORMAT


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def blank_document(
    *,
    territory: str,
    title: str,
    coordinator: str,
    start: datetime.date,
    end: datetime.date,
    envelopes: dict[int, Decimal | None],
    axes: list[tuple[int, str, Decimal | None]],
) -> dict[str, Any]:
    """A ctai/1 document with the contract's figures and no action sheet."""
    return {
        "format": FORMAT,
        "contract": {
            "title": title,
            "territory": territory,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "coordinator": coordinator or None,
            "parties": [],
            "state_envelopes": [
                {"year": year, "amount": _amount(amount)}
                for year, amount in sorted(envelopes.items())
                if amount is not None  # a year without its amount has no envelope yet
            ],
            "payment_account": {"holder": None, "iban": None, "bic": None},
            "governance": None,
            "axes": [
                {
                    "number": number,
                    "title": axis_title,
                    "declared_amount": _amount(amount),
                    "actions": [],
                }
                for number, axis_title, amount in sorted(axes)
            ],
            "actions": [],
            "sources": {},
            "review": [],
        },
    }
