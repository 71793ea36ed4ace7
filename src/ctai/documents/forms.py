"""Forms of the import in the browser: the upload, the corrections, the confirmation, and the
short form of a contract started without a document (docs/adr/0008)."""

import hashlib
import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from ctai.core.forms import BootstrapForm, FrenchAmountField
from ctai.core.money import parse_amount
from ctai.documents.blank import blank_document
from ctai.documents.corrections import AMOUNT, Correctable, SheetText
from ctai.documents.loading import MAX_BYTES, read_content
from ctai.documents.reader import ReadError
from ctai.documents.reader.errors import ACCEPTED
from ctai.documents.schema import SchemaError

MAX_MEGABYTES = MAX_BYTES // 1024 // 1024
MAX_YEARS = 10


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


class UploadForm(BootstrapForm):
    """The contract's document; read here, written nowhere. ``document`` and ``sha256`` hold
    the read ctai/1 dict and the file's fingerprint once the form is valid."""

    file = forms.FileField(
        label="Document du contrat",
        help_text=f"{ACCEPTED[:-1]}, ou fichier d'échange ctai/1 (.json). {MAX_MEGABYTES} Mo au "
        "plus. Le format est reconnu au contenu du fichier. Rien n'est enregistré avant votre "
        "confirmation.",
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".docx,.odt,.pdf,.txt,.json,text/plain,application/pdf,application/json"
            }
        ),
        error_messages={
            "required": "Choisissez le fichier du contrat.",
            "empty": "Ce fichier est vide.",
            "invalid": "Aucun fichier reçu : choisissez le fichier du contrat.",
        },
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            # The upload was stopped while it arrived: no file, only this message.
            self.errors.pop("file", None)
            self.add_error("file", f"Fichier trop volumineux : {MAX_MEGABYTES} Mo au plus.")
        return cleaned

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # The size Django counted while receiving: checked before reading the file in memory.
        if upload.size > MAX_BYTES:
            raise ValidationError(
                f"Fichier trop volumineux ({_megabytes(upload.size)} Mo) : "
                f"{MAX_MEGABYTES} Mo au plus.",
                code="too_large",
            )
        content = upload.read(MAX_BYTES + 1)
        self.document = self._read(content)
        self.sha256 = hashlib.sha256(content).hexdigest()
        return upload

    @staticmethod
    def _read(content: bytes) -> dict[str, Any]:
        # Office documents, text exports, and ctai/1 JSON files checked against their schema.
        try:
            return read_content(content)
        except ReadError as error:
            raise ValidationError(error.message, code="unreadable") from error
        except SchemaError as error:
            raise ValidationError(str(error), code="invalid_ctai1") from error
        except RecursionError as error:  # a pathologically nested file: refused all the same
            raise ValidationError(f"Document illisible. {ACCEPTED}", code="unreadable") from error


class CorrectionForm(BootstrapForm):
    """One field per correctable review item, prefilled with the value read."""

    def __init__(self, *args, items: list[Correctable], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = {f"point_{item.index}": item for item in items}
        for name, item in self.items.items():
            if item.kind == AMOUNT:
                field = FrenchAmountField(label=item.label, required=False)
                field.initial = parse_amount(item.value)
            else:
                field = forms.CharField(label=item.label, required=False, max_length=255)
                field.initial = item.value or ""
            # Added after BootstrapForm styled the declared fields: style these too.
            field.widget.attrs["class"] = "form-control"
            self.fields[name] = field

    def changed_values(self) -> dict[int, tuple[Any, str]]:
        """Review item index → (value, as typed), for the fields whose value changed."""
        values = {}
        for name, item in self.items.items():
            value = self.cleaned_data.get(name)
            typed = (self.data.get(self.add_prefix(name)) or "").strip()
            if value in (None, "") or not typed:
                continue
            if item.kind == AMOUNT:
                if parse_amount(item.value) == value:
                    continue
            elif value == (item.value or ""):
                continue
            values[item.index] = (value, typed)
        return values


class SheetTextForm(BootstrapForm):
    """The title and the description of each sheet, prefilled with the text read."""

    def __init__(self, *args, sheets: list[SheetText], **kwargs):
        super().__init__(*args, **kwargs)
        self.sheets = sheets
        for sheet in sheets:
            where = f"fiche n° {sheet.number}" + (f" ({sheet.year})" if sheet.year else "")
            title = forms.CharField(
                label=f"Intitulé, {where}",
                max_length=500,
                error_messages={"required": f"Intitulé de la {where} : il ne peut être vide."},
            )
            title.initial = sheet.title
            description = forms.CharField(
                label=f"Description, {where}",
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            description.initial = sheet.description
            for field in (title, description):
                field.widget.attrs["class"] = "form-control"
            self.fields[f"titre_{sheet.index}"] = title
            self.fields[f"description_{sheet.index}"] = description

    def rows(self) -> list[tuple[SheetText, Any, Any]]:
        """Each sheet with its two bound fields, for the template."""
        return [
            (sheet, self[f"titre_{sheet.index}"], self[f"description_{sheet.index}"])
            for sheet in self.sheets
        ]

    def changed_values(self) -> dict[tuple[int, str], str]:
        """(sheet index, "title" | "description") → the text typed, when it changed."""
        values = {}
        for sheet in self.sheets:
            for key, name, read in (
                ("title", f"titre_{sheet.index}", sheet.title),
                ("description", f"description_{sheet.index}", sheet.description),
            ):
                typed = (self.cleaned_data.get(name) or "").strip()
                # Textareas send CRLF: compare texts, not their line ends.
                if typed.replace("\r\n", "\n") != read.strip():
                    values[(sheet.index, key)] = typed.replace("\r\n", "\n")
        return values


class ConfirmForm(BootstrapForm):
    motif = forms.CharField(
        label="Motif des changements",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Exigé quand la programmation d'une année (ou un bilan final) est déjà "
        "validée et que ses montants ou ses cibles changent ; conservé dans l'historique.",
    )


class BlankContractForm(BootstrapForm):
    """The short form of a contract started without its document."""

    territory = forms.CharField(label="Territoire", max_length=255)
    title = forms.CharField(
        label="Intitulé du contrat",
        max_length=500,
        initial="Contrat territorial d'accueil et d'intégration",
    )
    coordinator = forms.CharField(
        label="Organisation coordinatrice",
        max_length=255,
        help_text="Par exemple « CCAS de Metz » : vous en devenez la coordination.",
    )
    start = forms.DateField(
        label="Début", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label="Fin", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    envelopes = forms.CharField(
        label="Crédits de l'État par année",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une ligne par année : « 2026 : 170 000 ». Les années hors de la période "
        "sont refusées.",
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end <= start:
                self.add_error("end", "La fin doit suivre le début.")
            elif end.year - start.year >= MAX_YEARS:
                self.add_error("end", f"Une période de {MAX_YEARS} ans au plus.")
        if start and end and "envelopes" in cleaned and not self.errors:
            cleaned["envelope_amounts"] = self._envelopes(cleaned["envelopes"], start, end)
        return cleaned

    def _envelopes(self, text: str, start, end) -> dict[int, Any]:
        amounts: dict[int, Any] = dict.fromkeys(range(start.year, end.year + 1))
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            year, _, amount = line.partition(":")
            year = year.strip()
            if not year.isdigit() or int(year) not in amounts:
                self.add_error(
                    "envelopes",
                    f"Ligne {number} : « {line.strip()} » — une année de la période "
                    f"({start.year}-{end.year}), deux-points, puis le montant.",
                )
                continue
            try:
                amounts[int(year)] = FrenchAmountField().clean(amount.strip())
            except ValidationError as error:
                self.add_error("envelopes", f"Ligne {number} : {' '.join(error.messages)}")
        return amounts


class AxisForm(BootstrapForm):
    number = forms.IntegerField(label="N° de l'axe", min_value=1, max_value=99)
    title = forms.CharField(label="Intitulé de l'axe", max_length=500)
    declared_amount = FrenchAmountField(label="Montant déclaré", required=False)


class BaseAxisFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        numbers = [f.cleaned_data["number"] for f in self.forms if f.cleaned_data]
        if len(numbers) != len(set(numbers)):
            raise ValidationError("Deux axes portent le même numéro.")


AxisFormSet = forms.formset_factory(
    AxisForm, formset=BaseAxisFormSet, extra=3, max_num=20, validate_max=True
)


def blank_from_forms(form: BlankContractForm, axes: forms.BaseFormSet) -> tuple[dict, str]:
    """The ctai/1 document of the short form, and a fingerprint of it."""
    data = form.cleaned_data
    document = blank_document(
        territory=data["territory"].strip(),
        title=data["title"].strip(),
        coordinator=data["coordinator"].strip(),
        start=data["start"],
        end=data["end"],
        envelopes=data["envelope_amounts"],
        axes=[
            (f.cleaned_data["number"], f.cleaned_data["title"], f.cleaned_data["declared_amount"])
            for f in axes.forms
            if f.cleaned_data
        ],
    )
    content = json.dumps(document, sort_keys=True).encode()
    return document, hashlib.sha256(content).hexdigest()
