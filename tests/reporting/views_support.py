"""Helpers of the reporting view tests: URLs of a world, a client per person."""

from django.test import Client
from django.urls import reverse

ROLES = ["coord", "op_a", "op_b", "state", "copil"]


def as_user(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def report_url(world, action: str = "report", *, sheet=None, period=None, extra=()) -> str:
    sheet = sheet or world.sheet_a
    period = period or world.final
    args = [world.contract.pk, sheet.year, sheet.number, period.kind, *extra]
    return reverse(f"reporting:{action}", args=args)


def contract_url(world, name: str) -> str:
    return reverse(f"reporting:{name}", args=[world.contract.pk])


def form_data(report, **values) -> dict:
    """What the operator's form posts: the version, and the given fields (others empty)."""
    return {"version": report.version, **values}
