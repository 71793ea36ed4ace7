"""django-axes (login lockout) under a French heading in the admin.

Its own app config is named "Axes" — in this application "axes" are the contract's axes, so
the admin's "AXES" section read as if it held them. Same app (label ``axes``, its models and
migrations), a clear name.
"""

from axes.apps import AppConfig as AxesAppConfig


class LoginSecurityConfig(AxesAppConfig):
    verbose_name = "Sécurité des connexions"
