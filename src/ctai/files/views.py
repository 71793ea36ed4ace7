"""The page of a file being prepared (it refreshes itself until the file is ready) and its
download. Only the person who asked sees them, and only while they may still see the
contract's page the file comes from (``get_contract``, as the evaluation page)."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from ctai.contracts.views.scope import contract_crumbs, get_contract
from ctai.files.models import FileStatus, GeneratedFile

REFRESH_SECONDS = 3


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
