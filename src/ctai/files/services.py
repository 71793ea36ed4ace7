"""Large files prepared off the request, in the task queue (``ctai db_worker``): the State
evaluation, the programmation exports and the committee pack of a year of more than
``CTAI_FILE_QUEUE_FROM`` sheets, all through the same job.

``request_file`` records what the person asked for and queues the job; ``generate`` (the
job) writes the file under a memory cap, stores it and notifies the person; the file is kept
``CTAI_FILE_KEEP_HOURS`` hours, then ``purge`` (run by ``ctai notifications`` every hour)
deletes it. Access is checked again on download, as on the page the file comes from
(``ctai.files.views``).
"""

import contextlib
import datetime
import logging
import os
import resource
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ctai.audit.stamps import stamp
from ctai.contracts.models import ActionSheet, Contract
from ctai.files.models import FileKind, FileStatus, GeneratedFile
from ctai.governance.models import Meeting
from ctai.governance.pack import content_type as pack_content_type
from ctai.governance.pack import pack_filename, render_pack
from ctai.governance.summary import evaluation_file
from ctai.notifications.enums import NotificationKind
from ctai.notifications.services import notify
from ctai.programmation.exports import CONTENT_TYPES as PROGRAMMATION_TYPES
from ctai.programmation.exports import programmation_file, programmation_filename
from ctai.programmation.selectors import ProgrammationFilters
from ctai.reporting.evaluation import content_type, evaluation_filename

logger = logging.getLogger("ctai.files")
MEGABYTE = 1024 * 1024


def queue_from() -> int:
    """A programme year with more sheets than this has its files prepared in the task queue
    (``CTAI_FILE_QUEUE_FROM``, 20 by default)."""
    return settings.CTAI_FILE_QUEUE_FROM


def queued(contract: Contract, year: int) -> bool:
    """Is the year large enough for its files to be prepared off the request?"""
    return ActionSheet.objects.filter(contract=contract, year=year).count() > queue_from()


@dataclass(frozen=True)
class Kind:
    """How a kind of file is written, named and typed, from the contract and the parameters
    the person chose (plain JSON values, kept on the ``GeneratedFile``)."""

    write: Callable[[Contract, dict], bytes]
    filename: Callable[[Contract, dict], str]
    content_type: Callable[[dict], str]


def _meeting(contract: Contract, params: dict) -> Meeting:
    meeting = Meeting.objects.get(contract=contract, pk=params["meeting"])
    meeting.contract = contract
    return meeting


KINDS: dict[str, Kind] = {
    FileKind.EVALUATION: Kind(
        lambda contract, p: evaluation_file(contract=contract, year=p["year"], format=p["format"]),
        lambda contract, p: evaluation_filename(contract, p["year"], p["format"]),
        lambda p: content_type(p["format"]),
    ),
    FileKind.PROGRAMMATION: Kind(
        lambda contract, p: programmation_file(
            contract=contract,
            year=p["year"],
            format=p["format"],
            filters=ProgrammationFilters(**p["filters"]),
        ),
        lambda contract, p: programmation_filename(contract, p["year"], p["format"]),
        lambda p: PROGRAMMATION_TYPES[p["format"]],
    ),
    FileKind.COPIL_PACK: Kind(
        lambda contract, p: render_pack(_meeting(contract, p), p["format"]),
        lambda contract, p: pack_filename(_meeting(contract, p), p["format"]),
        lambda p: pack_content_type(p["format"]),
    ),
}


def write_now(contract: Contract, kind: str, params: dict) -> tuple[bytes, str, str]:
    """A small file written in the request: content, file name, content type."""
    how = KINDS[kind]
    return how.write(contract, params), how.filename(contract, params), how.content_type(params)


def request_file(*, owner, contract: Contract, kind: str, params: dict) -> GeneratedFile:
    """The file asked for: the same one again while it is being prepared or ready for the
    same data, else a new one, queued when the transaction commits."""
    version = stamp(contract.pk)
    now = timezone.now()
    same = GeneratedFile.objects.filter(
        owner=owner, contract=contract, kind=kind, params=params, version=version
    ).exclude(status=FileStatus.FAILED)
    existing = same.filter(expires__gt=now).first()
    if existing is not None:
        return existing
    how = KINDS[kind]
    file = GeneratedFile.objects.create(
        owner=owner,
        contract=contract,
        kind=kind,
        params=params,
        version=version,
        filename=how.filename(contract, params),
        content_type=how.content_type(params),
        expires=now + datetime.timedelta(hours=settings.CTAI_FILE_KEEP_HOURS),
    )
    transaction.on_commit(lambda: _enqueue(file.pk), robust=True)
    return file


def _enqueue(file_id: int) -> None:
    from ctai.files.tasks import generate_file

    try:
        generate_file.enqueue(file_id)
    except Exception:  # the queue unreachable: the page says the preparation failed
        logger.exception("Fichier %s non mis en file", file_id)
        GeneratedFile.objects.filter(pk=file_id).update(
            status=FileStatus.FAILED, error="La file de préparation est indisponible."
        )


def _address_space() -> int:
    """The process's current virtual memory size, in bytes (Linux)."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_cap(megabytes: int) -> Iterator[None]:
    """At most ``megabytes`` more memory for the job (RLIMIT_AS): past it, the job gets a
    MemoryError instead of the machine swapping. The worker's own limit is put back after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + megabytes * MEGABYTE
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def generate(file_id: int) -> str:
    """The job: prepare the file once (a second run finds it taken and does nothing)."""
    taken = GeneratedFile.objects.filter(pk=file_id, status=FileStatus.PENDING).update(
        status=FileStatus.RUNNING
    )
    if not taken:
        return "rien à préparer"
    file = GeneratedFile.objects.select_related("contract", "owner").get(pk=file_id)
    try:
        with memory_cap(settings.CTAI_FILE_JOB_MEMORY_MB):
            content = KINDS[file.kind].write(file.contract, file.params)
    except MemoryError:
        return _failed(
            file,
            "Le fichier demande plus de mémoire que permis "
            f"({settings.CTAI_FILE_JOB_MEMORY_MB} Mo) : choisissez un autre format ou "
            "demandez à l'administrateur d'augmenter CTAI_FILE_JOB_MEMORY_MB.",
        )
    except Exception:
        logger.exception("Préparation du fichier %s en échec", file.pk)
        return _failed(file, "La préparation du fichier a échoué ; réessayez plus tard.")
    file.path = default_storage.save(
        f"fichiers/{secrets.token_hex(16)}/{file.filename}", ContentFile(content)
    )
    file.status = FileStatus.READY
    file.save(update_fields=["path", "status"])
    notify(
        kind=NotificationKind.FILE_READY,
        recipients=[file.owner],
        event_key=f"file_ready:{file.pk}",
        title=f"Fichier prêt : {file.filename}",
        url=reverse("files:detail", args=[file.pk]),
        body=f"Téléchargeable jusqu'au {timezone.localtime(file.expires):%d/%m/%Y à %H:%M}.",
        contract=file.contract,
        email=False,
    )
    return "prêt"


def _failed(file: GeneratedFile, message: str) -> str:
    file.status, file.error = FileStatus.FAILED, message
    file.save(update_fields=["status", "error"])
    return "échec"


def purge(now: datetime.datetime | None = None) -> int:
    """Delete the files past their date, stored file and record; the number deleted. Running
    it twice deletes nothing twice."""
    expired = GeneratedFile.objects.filter(expires__lte=now or timezone.now())
    count = 0
    for file in expired:
        if file.path and default_storage.exists(file.path):
            default_storage.delete(file.path)
        file.delete()
        count += 1
    return count
