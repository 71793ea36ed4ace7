"""Names of organisations as shown to people.

Documents write names as their authors typed them ("ville de Metz"). The stored name keeps
that text (the ctai/1 export and the audit trail show what was written); pages, reports and
spreadsheets show the display form: the first letter in upper case ("Ville de Metz").
Nothing else changes: "CCAS de Metz", "GIP-FTLV", "d'Ici" stay as written.
"""


def display_name(name: str) -> str:
    """ "ville de Metz" → "Ville de Metz"; any other first character is left as it is."""
    return name[:1].upper() + name[1:] if name[:1].islower() else name
