"""Mon compte: profile, password change and reset, recovery codes.

Password reset (mot de passe oublié) uses Django's signed tokens: single-use (the token
depends on the password hash and the last login) and valid ``PASSWORD_RESET_TIMEOUT``
seconds. The page answers the same whether the address is known or not, and is throttled
per address and per client IP. A new password never logs the person in: the login page, then
the code of their authenticator application, come next as on any other day.
"""

import hashlib
import logging

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ctai.accounts import recovery
from ctai.accounts.forms import ProfileForm, ThrottledLoginForm
from ctai.accounts.middleware import touch
from ctai.accounts.middleware_otp import is_verified
from ctai.accounts.network import client_ip
from ctai.accounts.password_validation import RULE
from ctai.core.cache import cached

logger = logging.getLogger("ctai.security")
ACCOUNT_CRUMB = ("Mon compte", reverse_lazy("accounts:profile"))
# Reset requests: per address (silently not sent beyond it) and per client IP (refused).
RESET_PER_ADDRESS, RESET_PER_IP, RESET_WINDOW_SECONDS = 3, 20, 3600


def bootstrap(form):
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-control"
    form.label_suffix = ""
    return form


def count_attempt(kind: str, key: str) -> int:
    """How many attempts ``key`` made in the window, this one included (cache-held)."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    name = f"ctai:reset:{kind}:{digest}"
    cache.add(name, 0, RESET_WINDOW_SECONDS)
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, RESET_WINDOW_SECONDS)
        return 1


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    """Connexion: an address throttled across login names is answered 429, in French."""

    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "address_throttled"):
            response.status_code = 429
        return response


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends nothing beyond RESET_PER_ADDRESS requests an hour for one address."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Adresse électronique"

    def save(self, *args, **kwargs):
        email = self.cleaned_data["email"].strip().lower()
        if count_attempt("address", email) > RESET_PER_ADDRESS:
            logger.warning("demande de réinitialisation ignorée : trop de demandes par adresse")
            return
        super().save(*args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form(self, form_class=None):
        return bootstrap(super().get_form(form_class))

    def post(self, request, *args, **kwargs):
        if count_attempt("ip", client_ip(request)) > RESET_PER_IP:
            logger.warning("demandes de réinitialisation refusées : trop de demandes par IP")
            return render(request, "accounts/password_reset_throttled.html", status=429)
        return super().post(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class NewPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        self.fields["new_password1"].help_text = RULE


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    post_reset_login = False  # the second factor is still asked at the next login

    def form_valid(self, form):
        logger.info("mot de passe réinitialisé : utilisateur n° %s", form.user.pk)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class ChangePasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)
        self.fields["new_password1"].help_text = RULE


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Other sessions end; this one stays, verified as it was.
        update_session_auth_hash(request, form.user)
        logger.info("mot de passe changé : utilisateur n° %s", request.user.pk)
        messages.success(request, "Votre mot de passe a été changé.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "breadcrumbs": [ACCOUNT_CRUMB, ("Changer de mot de passe", "")]},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        user=user,
        initial={"first_name": user.first_name, "last_name": user.last_name, "email": user.email},
    )
    if request.method == "POST" and form.is_valid():
        for name in ("first_name", "last_name", "email"):
            setattr(user, name, form.cleaned_data[name])
        user.save(update_fields=["first_name", "last_name", "email"])
        messages.success(request, "Votre profil a été enregistré.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "fields_html": _profile_fields(form, user),
            "has_authenticator": recovery.has_authenticator(user),
            "recovery_codes_left": recovery.remaining(user),
            "breadcrumbs": [("Mon compte", "")],
        },
    )


def _profile_fields(form: ProfileForm, user) -> str:
    """The profile form's fields: as first shown, rendered once per person and values (Django
    renders each widget with a template, the bulk of the account page); sent back with its
    errors, rendered for this request."""
    template = "accounts/includes/profile_fields.html"
    if form.is_bound:
        return render_to_string(template, {"form": form})
    shown = (user.pk, user.first_name, user.last_name, user.email)
    return mark_safe(
        cached("profile-fields", shown, lambda: render_to_string(template, {"form": form}))
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """Generating ten recovery codes, shown once; only from a session verified by a code."""
    user = request.user
    if not recovery.has_authenticator(user):
        messages.info(request, "Activez d'abord la double authentification.")
        return redirect("accounts:otp_setup")
    if not is_verified(user):
        return redirect(f"{reverse('accounts:otp_verify')}?next={request.path}")
    codes = None
    if request.method == "POST":
        codes = recovery.recovery_codes_generate(user=user)
        logger.info("codes de secours générés : utilisateur n° %s", user.pk)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes,
            "remaining": recovery.remaining(user),
            "breadcrumbs": [ACCOUNT_CRUMB, ("Codes de secours", "")],
        },
    )


@require_http_methods(["POST"])
def keep_alive(request):
    """« Rester connecté » : counts as activity; the idle limit starts again from now."""
    touch(request)
    return HttpResponse(status=204)
