"""Two-factor authentication (TOTP) for every role.

When ``settings.CTAI_REQUIRE_2FA`` is true (production), a person holding one of the roles of
``settings.CTAI_2FA_ROLES`` (an active membership with that role; "admin" for a staff member
or a superuser; every role by default) whose session has not been verified with a code is
sent to the setup page (no authenticator yet) or to the verify page; every other page answers
that redirect meanwhile, except logging out, static files and those two pages. A password,
however it was obtained (login, invitation, a future reset), never verifies a session: only a
code does, and the device stays attached to the person.

Needs ``OTPMiddleware`` (below, django-otp's) before it (it installs ``user.is_verified``).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import middleware as otp_middleware
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctai.accounts import permissions
from ctai.accounts.recovery import has_authenticator

SETUP, VERIFY = "accounts:otp_setup", "accounts:otp_verify"
EXEMPT_VIEWS = {"logout", SETUP, VERIFY}
ADMIN = "admin"  # staff and superusers, in settings.CTAI_2FA_ROLES


def requires_two_factor(user) -> bool:
    """Who must use a second factor when two-factor authentication is required."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    roles = set(settings.CTAI_2FA_ROLES)
    if (user.is_staff or user.is_superuser) and ADMIN in roles:
        return True
    return any(m.role in roles for m in permissions.memberships(user))


TOTP_LABEL = f"{TOTPDevice.model_label()}/"  # how a TOTP device's persistent id starts


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware (``user.otp_device``: the device that verified the session),
    taking the device among those ``backends.PasswordBackend`` read with the person rather
    than with a query of its own. A device the person has not (another person's, one not
    confirmed, one removed) verifies nothing, as with django-otp; a device of another kind
    (recovery codes) is read as django-otp reads it."""

    def _verify_user_sync(self, request, user):
        devices = getattr(user, "_ctai_totp_devices", None)
        persistent_id = request.session.get(otp_middleware.DEVICE_ID_SESSION_KEY)
        if devices is None or not persistent_id:
            return super()._verify_user_sync(request, user)
        persistent_id = self._normalize_persistent_id(persistent_id)
        if not persistent_id.startswith(TOTP_LABEL):  # recovery codes: django-otp reads them
            return super()._verify_user_sync(request, user)
        self._init_user_fields(user)
        user.otp_device = self._finalize_device(request, user, devices.get(persistent_id))
        return user


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    if check is None:
        raise ImproperlyConfigured(
            "RequireTwoFactorMiddleware demande ctai.accounts.middleware_otp.OTPMiddleware "
            "avant lui."
        )
    return check()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Nothing to read (no query) when the rule is off or the person is anonymous.
        if not getattr(settings, "CTAI_REQUIRE_2FA", False):
            return None
        user = request.user
        if not user.is_authenticated or request.path_info.startswith(_static_prefix()):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_VIEWS:
            return None
        if not requires_two_factor(user) or is_verified(user):
            return None
        target = reverse(VERIFY if has_authenticator(user) else SETUP)
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return redirect(target)


def _static_prefix() -> str:
    return "/" + settings.STATIC_URL.lstrip("/")
