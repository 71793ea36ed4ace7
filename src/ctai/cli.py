"""The ``ctai`` command: Django's management commands with CTAI's settings.

``ctai read``, ``ctai import``, ``ctai export``, ``ctai check`` are management commands of the
domain packages; every Django command (migrate, runserver, createsuperuser...) works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctai.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ctai", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
