"""The first version of a contract (tel que signé) is kept when its document is first
imported, in the import's own transaction."""

from django.db.models.signals import post_save

from ctai.amendments.versions import ensure_initial_version
from ctai.documents.models import DocumentImport


def _first_import(sender, instance: DocumentImport, created: bool, raw=False, **kwargs) -> None:
    if created and not raw:
        ensure_initial_version(instance.contract, imported=True)


def connect() -> None:
    post_save.connect(_first_import, sender=DocumentImport, dispatch_uid="ctai_amendments_import")
