"""``ctai db_roles --owner ctai_owner --runtime ctai_app``: the SQL of the two PostgreSQL roles.

Prints the statements; ``--execute`` runs them on the database of ``DATABASE_URL``, which must
then be the owner's (or a superuser's) connection. Run it again after each ``ctai migrate``.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from ctai.audit.roles import role_statements


class Command(BaseCommand):
    help = (
        "Affiche (ou exécute) le SQL des rôles PostgreSQL : propriétaire pour les migrations, "
        "rôle d'exécution sans droit de réécrire le journal des modifications."
    )

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True, help="rôle propriétaire (migrations)")
        parser.add_argument("--runtime", required=True, help="rôle de l'application")
        parser.add_argument(
            "--create", action="store_true", help="créer aussi les deux rôles (superutilisateur)"
        )
        parser.add_argument(
            "--execute", action="store_true", help="exécuter le SQL au lieu de l'afficher"
        )

    def handle(self, *args, owner, runtime, create, execute, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "Les rôles de base de données ne concernent que PostgreSQL "
                f"(base actuelle : {connection.vendor})."
            )
        try:
            statements = role_statements(
                owner=owner,
                runtime=runtime,
                database=connection.settings_dict["NAME"],
                tables=connection.introspection.table_names(),
                create=create,
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not execute:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"Rôles appliqués : {len(statements)} instructions.")
