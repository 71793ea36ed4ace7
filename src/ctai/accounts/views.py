"""Access pages: a contract's members and invitations, accepting an invitation, two-factor.

The members pages belong to the contract's coordinator only; anyone else gets a 404, with
nothing in it that says the contract exists.
"""

import logging
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts import enrolment, permissions, services
from ctai.accounts.forms import (
    EmailedCodeForm,
    InvitationAcceptForm,
    InvitationForm,
    ReauthenticationForm,
    SecondFactorForm,
    TokenForm,
)
from ctai.accounts.middleware_otp import is_verified, requires_two_factor
from ctai.accounts.models import Invitation, Membership
from ctai.accounts.recovery import has_authenticator
from ctai.contracts.models import Contract
from ctai.contracts.views.scope import contract_crumbs

logger = logging.getLogger("ctai.security")
# The invitee logs in right after choosing a password: no other backend applies.
PASSWORD_BACKEND = "ctai.accounts.backends.PasswordBackend"
DEVICE_NAME = "Application d'authentification"


def coordinated_contract(request, contract: int) -> Contract:
    """The contract, if the user coordinates it; a 404 otherwise."""
    found = get_object_or_404(Contract.objects.select_related("coordinator"), pk=contract)
    if not permissions.is_coordinator(request.user, found):
        raise Http404
    return found


def members_crumbs(contract: Contract, *more: tuple[str, str]) -> list[tuple[str, str]]:
    return [
        *contract_crumbs(contract),
        ("Membres", reverse("accounts:members", args=[contract.pk])),
        *more,
    ]


@require_http_methods(["GET", "HEAD"])
def members(request, contract: int):
    contract = coordinated_contract(request, contract)
    memberships = (
        Membership.objects.active()
        .filter(contract=contract)
        .select_related("user", "organisation")
        .order_by("role", "organisation__name", "user__username")
    )
    invitations = (
        Invitation.objects.pending()
        .filter(contract=contract)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )
    return render(
        request,
        "accounts/members.html",
        {
            "contract": contract,
            "memberships": memberships,
            "invitations": invitations,
            "now": timezone.now(),
            "breadcrumbs": [*contract_crumbs(contract), ("Membres", "")],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request, contract: int):
    contract = coordinated_contract(request, contract)
    form = InvitationForm(request.POST or None, contract=contract)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                invitation, again = services.invitation_send(
                    inviter=request.user,
                    contract=contract,
                    email=form.cleaned_data["email"],
                    organisation=form.organisation_to_invite(),
                    role=form.cleaned_data["role"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logger.info(
                "invitation n° %s %s par l'utilisateur n° %s (contrat n° %s, rôle %s)",
                invitation.pk,
                "renvoyée" if again else "enregistrée",
                request.user.pk,
                contract.pk,
                invitation.role,
            )
            who = (
                f"{invitation.email} ({invitation.get_role_display().lower()}, "
                f"{invitation.organisation.name})"
            )
            messages.success(
                request,
                (
                    f"Invitation renvoyée à {who}, sans doublon : un nouveau lien part, "
                    f"l'ancien ne sert plus."
                    if again
                    else f"Invitation enregistrée pour {who}."
                )
                + " Le courriel part dans quelques instants ; son état s'affiche ci-dessous. "
                "Le lien est valable 7 jours.",
            )
            return redirect("accounts:members", contract.pk)
    return render(
        request,
        "accounts/invite.html",
        {
            "contract": contract,
            "form": form,
            "breadcrumbs": members_crumbs(contract, ("Inviter une personne", "")),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def revoke(request, contract: int, membership: int):
    contract = coordinated_contract(request, contract)
    membership = get_object_or_404(
        Membership.objects.active().select_related("user", "organisation", "contract"),
        pk=membership,
        contract=contract,
    )
    own = membership.user_id == request.user.pk
    if request.method == "POST":
        if own:
            messages.error(
                request,
                "Vous ne pouvez pas retirer votre propre accès : demandez-le à une autre "
                "personne de la coordination ou à l'administration de la plateforme.",
            )
        else:
            services.membership_revoke(actor=request.user, membership=membership)
            logger.info(
                "appartenance n° %s (utilisateur n° %s) retirée par l'utilisateur n° %s",
                membership.pk,
                membership.user_id,
                request.user.pk,
            )
            messages.success(
                request,
                f"Accès retiré : {membership.user.get_username()} n'est plus "
                f"« {membership.get_role_display().lower()} » "
                f"({membership.organisation.name}) sur ce contrat.",
            )
        return redirect("accounts:members", contract.pk)
    return render(
        request,
        "accounts/revoke.html",
        {
            "contract": contract,
            "membership": membership,
            "own": own,
            "breadcrumbs": members_crumbs(contract, ("Retirer un accès", "")),
        },
    )


@login_not_required
@never_cache
@sensitive_post_parameters("password1", "password2")
@require_http_methods(["GET", "HEAD", "POST"])
def invitation_accept(request, token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        response = render(request, "accounts/invitation_invalid.html", status=404)
    else:
        form = InvitationAcceptForm(request.POST or None, invitation=invitation)
        if request.method == "POST" and form.is_valid():
            try:
                user = services.invitation_accept(
                    token=token, password=form.cleaned_data["password1"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                login(request, user, backend=PASSWORD_BACKEND)
                logger.info("invitation n° %s acceptée : utilisateur n° %s", invitation.pk, user.pk)
                messages.success(
                    request,
                    f"Bienvenue : vous avez rejoint le contrat « {invitation.contract.territory} »"
                    f" en tant que {invitation.get_role_display().lower()}.",
                )
                return redirect(resolve_url(settings.LOGIN_REDIRECT_URL))
        response = render(
            request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
        )
    # The token is in the address: never send it to another site.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def next_url(request) -> str:
    """Where to go once verified: the page asked for, if it is on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def same_query(request, view_name: str) -> str:
    query = request.GET.urlencode()
    return f"{reverse(view_name)}?{query}" if query else reverse(view_name)


def qr_code_svg(text: str) -> str:
    """The QR code as inline SVG markup (no script, no data: URI, no style attribute)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10)
    return image.to_string(encoding="unicode")


def grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verified_session(request, device: TOTPDevice) -> None:
    """The code matched: the session is verified, under a new session id."""
    otp_login(request, device)
    request.session.cycle_key()
    logger.info("double authentification réussie : utilisateur n° %s", request.user.pk)


def refused_code(request, form: TokenForm, *, throttled: bool) -> None:
    logger.warning("code de double authentification refusé : utilisateur n° %s", request.user.pk)
    form.add_error(
        "token",
        "Trop de codes erronés : patientez quelques secondes avant de réessayer."
        if throttled
        else "Code incorrect ou déjà utilisé. Attendez le code suivant de votre application.",
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def otp_setup(request):
    """Pairing an authenticator application: scan the QR code, type the first code."""
    user = request.user
    if has_authenticator(user):
        if not is_verified(user):
            # Setting up a second device would skip the first: verify it instead.
            return redirect(same_query(request, "accounts:otp_verify"))
        return render(request, "accounts/otp_done.html", {"next": next_url(request)})
    if not enrolment.is_confirmed(request.session):
        return otp_reauthenticate(request)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            throttled = not device.verify_is_allowed()[0]
            matched = device.verify_token(form.cleaned_data["token"])
            if matched:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
        if matched:
            verified_session(request, device)
            messages.success(
                request,
                "Double authentification activée. Générez aussi vos codes de secours (Mon "
                "compte) : ils vous serviront si vous perdez votre téléphone.",
            )
            return redirect(next_url(request))
        refused_code(request, form, throttled=throttled)
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            # Markup made here from our own otpauth URL, not from user input.
            "qr_code": mark_safe(qr_code_svg(device.config_url)),
            "secret": grouped_secret(device),
            "next": next_url(request),
            # Sent here by the rule: say why, and that this is the way on.
            "required": getattr(settings, "CTAI_REQUIRE_2FA", False) and requires_two_factor(user),
        },
    )


MAIL_FAILED = (
    "Le code n'a pas pu partir par courriel (serveur de messagerie indisponible). Réessayez "
    "dans quelques minutes ; si cela persiste, contactez l'administration de la plateforme."
)


@sensitive_post_parameters("password")
def otp_reauthenticate(request):
    """First pairing, step 1: the password again, then step 2: the code sent by e-mail."""
    user, session = request.user, request.session
    if request.method == "POST" and "recommencer" in request.POST:
        enrolment.restart(session)
        return redirect(same_query(request, "accounts:otp_setup"))
    step = "code" if enrolment.code_pending(session) else "password"
    if step == "code":
        form = EmailedCodeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if enrolment.check_code(session, form.cleaned_data["token"]):
                logger.info("enrôlement confirmé par courriel : utilisateur n° %s", user.pk)
                return redirect(same_query(request, "accounts:otp_setup"))
            logger.warning("code d'enrôlement refusé : utilisateur n° %s", user.pk)
            form.add_error("token", "Code incorrect ou expiré.")
            if not enrolment.code_pending(session):
                messages.error(request, "Trop d'essais ou code expiré : recommencez.")
                return redirect(same_query(request, "accounts:otp_setup"))
    else:
        form = ReauthenticationForm(request.POST or None, user=user)
        if request.method == "POST" and form.is_valid():
            if not user.email:
                form.add_error(
                    None,
                    "Aucune adresse électronique sur votre compte : le code ne peut pas vous "
                    "être envoyé. Demandez à l'administration de la plateforme de la renseigner.",
                )
            else:
                try:
                    enrolment.send_code(session, user)
                except Exception as error:  # the mail server: a message, never a 500
                    logger.warning(
                        "code d'enrôlement non envoyé (%s) : utilisateur n° %s",
                        type(error).__name__,
                        user.pk,
                    )
                    form.add_error(None, MAIL_FAILED)
                else:
                    return redirect(same_query(request, "accounts:otp_setup"))
        elif request.method == "POST":
            logger.warning("mot de passe refusé à l'enrôlement : utilisateur n° %s", user.pk)
    return render(
        request,
        "accounts/otp_reauthenticate.html",
        {
            "form": form,
            "step": step,
            "next": next_url(request),
            "required": getattr(settings, "CTAI_REQUIRE_2FA", False) and requires_two_factor(user),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def otp_verify(request):
    """The code asked after the password, once per session."""
    user = request.user
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).first()
    if device is None:
        return redirect(same_query(request, "accounts:otp_setup"))
    if is_verified(user):
        return redirect(next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.is_recovery_code:
            # A recovery code: the static device, whose tokens are deleted once used.
            device = StaticDevice.objects.filter(user=user, confirmed=True).first() or device
        throttled = not device.verify_is_allowed()[0]
        verified = otp_verify_token(user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            if form.is_recovery_code:
                logger.info("code de secours utilisé : utilisateur n° %s", user.pk)
                messages.warning(
                    request,
                    "Vous vous êtes connecté avec un code de secours : il ne servira plus. "
                    "Il vous en reste moins ; générez-en de nouveaux depuis « Mon compte ».",
                )
            verified_session(request, verified)
            return redirect(next_url(request))
        refused_code(request, form, throttled=throttled)
    return render(request, "accounts/otp_verify.html", {"form": form, "next": next_url(request)})
