"""Model instances from rows read with a plain cursor, converted as the ORM converts them.

For the few queries every request runs (the session, the person): building an ORM query cost
more than running it. ``columns`` gives the select list of a model under a table alias;
``instance`` turns that slice of a row into the instance the ORM would have built (the
database's values converted by the backend's and the fields' converters, then ``from_db``);
``cursor`` runs them so that PostgreSQL plans each once per connection.
"""

from django.db import models

_CONVERTERS: dict[tuple[type, str], list] = {}


def cursor(connection):
    """The cursor for a statement every request runs: on PostgreSQL one whose statements the
    server keeps prepared from their first run (``ctai.core.postgresql``), elsewhere Django's."""
    prepared = getattr(connection, "prepared_cursor", None)
    return connection.cursor() if prepared is None else prepared()


def columns(model: type[models.Model], alias: str, connection) -> str:
    """``alias."col", ...`` for every concrete field of ``model``, in the model's order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(f.column)}" for f in model._meta.concrete_fields)


def width(model: type[models.Model]) -> int:
    return len(model._meta.concrete_fields)


def _converters(model: type[models.Model], connection) -> list:
    found = _CONVERTERS.get((model, connection.vendor))
    if found is None:
        found = []
        for field in model._meta.concrete_fields:
            column = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(column) + field.get_db_converters(
                connection
            )
            found.append((converters, column))
        _CONVERTERS[(model, connection.vendor)] = found
    return found


def instance(model: type[models.Model], values, connection) -> models.Model:
    """The instance of ``model`` from its columns' ``values`` (as ``columns`` lists them)."""
    converted = []
    for value, (converters, column) in zip(values, _converters(model, connection), strict=True):
        for converter in converters:
            value = converter(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)
