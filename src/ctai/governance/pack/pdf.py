"""The committee pack as a PDF (WeasyPrint, imported when a pack is made: it is slow to load
and only this page needs it). The template is autoescaped and every external resource is
refused, as for the evaluation (``ctai.reporting.evaluation.pdf``)."""

from django.template.loader import render_to_string

from ctai.governance.pack.layout import Pack


def refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Ressource externe refusée dans le dossier du comité : {url[:80]}")


def pack_html(pack: Pack) -> str:
    return render_to_string("governance/pack.html", {"pack": pack})


def pack_pdf(pack: Pack) -> bytes:
    from weasyprint import HTML

    return HTML(string=pack_html(pack), url_fetcher=refuse_fetch).write_pdf()
