"""Two PostgreSQL roles: the owner migrates, the runtime role serves and cannot rewrite history.

The owner role owns the schema and every table (it runs ``ctai migrate``). The runtime role
— the one in the application's ``DATABASE_URL`` — reads and writes every table except the audit
trail, where it may only INSERT and SELECT: it holds no UPDATE, DELETE nor TRUNCATE privilege
there, and, not being the owner, cannot ``ALTER TABLE … DISABLE TRIGGER`` nor drop the triggers
(docs/adr/0011-audit-integrity.md).
"""

AUDIT_TABLES = ("audit_auditevent",)


def _identifier(name: str) -> str:
    """A quoted SQL identifier (names come from the command line)."""
    if not name or "\x00" in name or len(name) > 63:
        raise ValueError(f"Nom invalide : {name!r}.")
    return '"' + name.replace('"', '""') + '"'


def role_statements(
    *, owner: str, runtime: str, database: str, tables: list[str], create: bool = False
) -> list[str]:
    """The SQL that gives ``runtime`` normal rights everywhere but append-only audit tables.

    Idempotent: run it again after each migration (new tables get their rights from the
    default privileges too)."""
    owner, runtime, database = _identifier(owner), _identifier(runtime), _identifier(database)
    statements = []
    if create:
        statements += [
            f"CREATE ROLE {owner} LOGIN",
            f"CREATE ROLE {runtime} LOGIN",
        ]
    statements += [
        f"GRANT CONNECT ON DATABASE {database} TO {runtime}",
        f"GRANT USAGE ON SCHEMA public TO {runtime}",
        f"REVOKE CREATE ON SCHEMA public FROM {runtime}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {runtime}",
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {runtime}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {runtime}",
    ]
    for name in sorted(tables):
        table = _identifier(name)
        if name in AUDIT_TABLES:
            statements += [
                f"REVOKE ALL ON TABLE {table} FROM {runtime}",
                f"GRANT SELECT, INSERT ON TABLE {table} TO {runtime}",
            ]
        else:
            statements.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {table} TO {runtime}")
    return statements
