from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseRedirect

from ctai.audit.context import because
from ctai.budget.models import Budget
from ctai.checks.services import refresh_findings
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import (
    ActionSheet,
    AnnualEnvelope,
    Axis,
    Contract,
    ContractParty,
    Organisation,
    Partner,
    Theme,
)
from ctai.documents.models import ReviewItem
from ctai.indicators.models import ActionIndicator
from ctai.programmation.guards import (
    MONEY,
    P104,
    TARGETS,
    reason_context,
    recompute_carryover_fed,
    require_reason,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siret"]
    list_filter = ["kind"]
    search_fields = ["name", "siret"]


@admin.register(Theme, Partner)
class CatalogueAdmin(admin.ModelAdmin):
    list_display = ["position", "label", "code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # official lists: referenced by sheets, loaded by migrations


class PartyInline(admin.TabularInline):
    model = ContractParty
    extra = 0
    autocomplete_fields = ["organisation"]


class EnvelopeInline(admin.TabularInline):
    model = AnnualEnvelope
    extra = 0


class AxisInline(admin.TabularInline):
    model = Axis
    extra = 0


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    extra = 0
    fields = ["line", "action_number", "field", "text", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class RefreshFindingsMixin:
    """Findings are recomputed whenever the contract changes, in the admin too."""

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        refresh_findings(contract=obj if isinstance(obj, Contract) else obj.contract)


@admin.register(Contract)
class ContractAdmin(RefreshFindingsMixin, admin.ModelAdmin):
    list_display = ["title", "territory", "start", "end", "status"]
    list_filter = ["status"]
    search_fields = ["title", "territory"]
    autocomplete_fields = ["coordinator"]
    inlines = [PartyInline, EnvelopeInline, AxisInline, ReviewItemInline]
    exclude = ["sources", "version"]


class BudgetInline(admin.StackedInline):
    model = Budget
    can_delete = False


class IndicatorInline(admin.TabularInline):
    model = ActionIndicator
    extra = 0
    fields = ["position", "definition", "label", "section", "target", "target_text", "source_line"]


class ActionSheetAdminForm(forms.ModelForm):
    audit_reason = forms.CharField(
        label="Motif de la modification",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Exigé pour modifier un budget ou une valeur cible après validation de la "
        "programmation de l'année ; conservé dans l'historique.",
    )

    refugies_info_url = forms.URLField(
        label="Adresse Réfugiés.info", required=False, assume_scheme="https"
    )

    class Meta:
        model = ActionSheet
        fields = [
            "contract", "year", "number", "axis", "axis_label", "title", "operator",
            "operator_kind", "operator_kind_detail", "selection_mode", "selection_detail",
            "description", "calendar", "territory", "themes", "partners", "partners_other",
            "refugies_info_url",
        ]  # fmt: skip


@admin.register(ActionSheet)
class ActionSheetAdmin(RefreshFindingsMixin, admin.ModelAdmin):
    form = ActionSheetAdminForm
    list_display = ["number", "year", "title", "axis", "operator", "contract"]
    list_display_links = ["number", "title"]
    list_filter = ["contract", "year", "axis__number", "themes"]
    search_fields = ["title", "operator__name"]
    autocomplete_fields = ["operator"]
    filter_horizontal = ["themes", "partners"]
    inlines = [BudgetInline, IndicatorInline]
    exclude = ["sources", "version"]
    formfield_overrides = {
        models.URLField: {"form_class": forms.URLField, "assume_scheme": "https"}
    }
    list_select_related = ["axis", "operator", "contract"]

    def save_model(self, request, obj, form, change) -> None:
        with because(form.cleaned_data.get("audit_reason", "")):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        """The budget and targets of the inlines follow the settled-figures rule
        (``ctai.programmation.guards``), like every other write path."""
        reason = form.cleaned_data.get("audit_reason") or None
        changed = settled_fields_changed(formsets)
        require_reason(sheet=form.instance, reason=reason, fields_changed=changed)
        with reason_context(reason):
            super().save_related(request, form, formsets, change)
            if changed & P104:
                recompute_carryover_fed(sheet=form.instance, reason=reason)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:  # a domain refusal: the whole save was rolled back
            messages.error(request, f"{error.messages[0]} Rien n'a été enregistré.")
            return HttpResponseRedirect(request.path)


def settled_fields_changed(formsets) -> set[str]:
    """Budget amounts, and ``TARGETS``, that the inline forms change (or delete)."""
    changed: set[str] = set()
    for formset in formsets:
        for inline_form in formset.forms:
            if not inline_form.has_changed() and inline_form not in formset.deleted_forms:
                continue
            deleted = inline_form in formset.deleted_forms
            if formset.model is Budget:
                changed |= MONEY if deleted else set(inline_form.changed_data) & set(BUDGET_FIELDS)
            elif formset.model is ActionIndicator and (
                deleted or {"target", "target_text"} & set(inline_form.changed_data)
            ):
                changed.add(TARGETS)
    return changed
