"""Every admin page of every registered model opens (list, add, and change on real data)."""

from io import StringIO
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"

pytestmark = pytest.mark.django_db


def test_every_admin_page_opens_on_the_metz_contract(admin_client):
    call_command("import", str(METZ), stdout=StringIO())
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = admin_client.get(reverse(f"{prefix}_changelist"))
        assert changelist.status_code == 200, prefix
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200, prefix
        first = model.objects.first()
        if first is not None:
            response = admin_client.get(reverse(f"{prefix}_change", args=[first.pk]))
            assert response.status_code == 200, prefix
