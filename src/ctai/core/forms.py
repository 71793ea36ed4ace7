"""Form building blocks shared by the web pages: French amounts, accessible Bootstrap fields."""

from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from ctai.core.money import AmountError, french_number, parse_typed_amount


def parse_french_amount(text: str) -> Decimal:
    """ "1 234,56", "1234.56", "1 234,5 €" → Decimal; anything else is a French error."""
    try:
        return parse_typed_amount(text)
    except AmountError as error:
        raise ValidationError(error.message, code=error.code) from error


def format_french_amount(value: Decimal | None) -> str:
    """What an amount field shows: "1 234,56" (no-break spaces), "" when not filled."""
    return "" if value is None else french_number(value)


class FrenchAmountInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return format_french_amount(value)
        return super().format_value(value)


class FrenchAmountField(forms.Field):
    """An amount in euros typed the French way; empty means "not filled" (None)."""

    widget = FrenchAmountInput
    default_help = "Montant en euros, par exemple 1 234,56."

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", self.default_help)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        return parse_french_amount(str(value))


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget; French messages come with the language.

    Django (5.2) already points each input at its help and error texts (aria-describedby
    ``<id>_helptext`` / ``<id>_error``) and marks it aria-invalid; the field template uses
    those ids.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class LoginForm(AuthenticationForm):
    """Django's login form (French messages, inactive accounts refused) with Bootstrap fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
