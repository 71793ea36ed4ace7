"""Every file download of a contract (evaluation, programmation, committee pack) goes through
``file_response``: written in the request for a small year, prepared in the task queue for a
large one. The page of a file being prepared (it refreshes itself until the file is ready) and
its download. Only the person who asked sees them, and only while they may still see the
contract's page the file comes from (``get_contract``, as the evaluation page)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from ctai.contracts.models import Contract
from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.files.models import FileStatus, GeneratedFile
from ctai.files.services import queued, request_file, write_now

REFRESH_SECONDS = 3


def file_response(request, *, contract: Contract, kind: str, params: dict, year: int):
    """The file at once when the year is small; else the page of the file being prepared
    (the same file again while its data has not changed). The caller has checked access."""
    if queued(contract, year):
        file = request_file(owner=request.user, contract=contract, kind=kind, params=params)
        return redirect("files:detail", file=file.pk)
    content, filename, content_type = write_now(contract, kind, params)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _own_file(request, file: int) -> GeneratedFile:
    found = get_object_or_404(GeneratedFile, pk=file, owner=request.user)
    get_contract(request, found.contract_id)  # 404 when the contract is out of reach now
    return found


@require_GET
def detail(request, file: int):
    found = _own_file(request, file)
    return render(
        request,
        "files/detail.html",
        {
            "file": found,
            "contract": found.contract,
            "refresh": REFRESH_SECONDS if found.waiting else None,
            "breadcrumbs": [*contract_crumbs(found.contract), (found.filename, None)],
        },
    )


@require_GET
def download(request, file: int):
    found = _own_file(request, file)
    if found.status != FileStatus.READY or not default_storage.exists(found.path):
        return redirect("files:detail", file=found.pk)
    response = FileResponse(
        default_storage.open(found.path, "rb"),
        as_attachment=True,
        filename=found.filename,
        content_type=found.content_type,
    )
    if not response.has_header("Content-Type"):
        raise Http404
    return response
