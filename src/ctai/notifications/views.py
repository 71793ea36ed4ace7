"""« Mes tâches » (the landing page), the notifications (the bell) and their preferences,
and « relancer » (the coordination reminds a late operator)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ctai.accounts import permissions
from ctai.notifications import events, services, todo
from ctai.notifications.forms import PreferencesForm
from ctai.notifications.models import Notification
from ctai.reporting.views.scope import get_report_scope

PAGE_SIZE = 50


@require_GET
def home(request):
    blocks = todo.cached_tasks(request.user)
    return render(
        request,
        "notifications/home.html",
        {"blocks": blocks, "count": todo.count(blocks), "admin_only": not blocks},
    )


@require_http_methods(["GET", "POST"])
def notification_list(request):
    """GET: the person's notifications, newest first. POST: mark them all read."""
    if request.method == "POST":
        services.mark_read(user=request.user)
        messages.success(request, "Toutes les notifications sont marquées comme lues.")
        return redirect("notifications:list")
    notifications = Notification.objects.for_user(request.user)[:PAGE_SIZE]
    return render(
        request,
        "notifications/list.html",
        {"notifications": notifications, "breadcrumbs": [("Notifications", None)]},
    )


@require_POST
def open_notification(request, notification: int):
    """Mark one notification read and go to its page (someone else's: 404)."""
    found = get_object_or_404(Notification.objects.for_user(request.user), pk=notification)
    services.mark_read(user=request.user, notification_ids=[found.pk])
    if url_has_allowed_host_and_scheme(found.url, allowed_hosts=None):
        return redirect(found.url)
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request):
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, choices=form.choices())
        messages.success(request, "Préférences de notification enregistrées.")
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "rows": form.bound_rows(),
            "breadcrumbs": [("Notifications", "/notifications/"), ("Préférences", None)],
        },
    )


@require_POST
def remind(request, contract: int, year: int, number: int, kind: str):
    """« Relancer » : the coordination reminds the operator of a late report (once a day)."""
    scope = get_report_scope(request, contract, year, number, kind)
    if not permissions.is_coordinator(request.user, scope.sheet.contract):
        raise PermissionDenied
    today = timezone.localdate()
    report = scope.report
    if not scope.period.is_past_due(today) or (report is not None and not report.is_editable):
        messages.error(request, "Ce bilan n'est pas en retard : pas de relance à envoyer.")
    elif events.remind_late(
        period=scope.period, sheet=scope.sheet, actor=request.user, today=today
    ):
        messages.success(request, f"Relance envoyée au porteur de la fiche n° {number}.")
    else:
        messages.info(
            request,
            "Ce porteur a déjà été relancé aujourd'hui pour ce bilan (ou n'a personne à "
            "prévenir) : aucune nouvelle relance.",
        )
    return redirect("home")
