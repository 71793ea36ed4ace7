"""The version stamp of a contract's data: one integer per contract, bumped in the transaction
of every write to the contract, read in one query by the pages that cache what they compute.

Every audited write already goes through the audit trail (``AuditEvent.save`` and
``bulk_create``): that is the one place that bumps the stamp, once per transaction and
contract. Writes the trail does not record (the findings of the checks, the review items of an
import) call ``bump`` themselves. A page reads the stamp before the data: a reader can cache
new data under an old stamp (no harm, nobody asks for it again) but never old data under a new
one, since the new stamp becomes visible only with the data of its transaction.
"""

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction

from ctai.audit.models import ContractStamp
from ctai.core import rows

TABLE = ContractStamp._meta.db_table
# A stamp starts at a random number: a database restored or emptied under a running server
# (or a test rolled back) never gives again a (contract, version) pair a cache still holds.
UPSERT = (
    f"INSERT INTO {TABLE} (contract_id, version) VALUES (%s, %s) "
    f"ON CONFLICT (contract_id) DO UPDATE SET version = {TABLE}.version + 1"
)
START = 2**62
# Read with a plain cursor: a page reads its stamps on every request, and the ORM's query
# building cost more than the query itself.
READ = f"SELECT version FROM {TABLE} WHERE contract_id = %s"
READ_MANY = f"SELECT contract_id, version FROM {TABLE} WHERE contract_id IN ({{}})"


class _Bumped:
    """Left in the transaction's on-commit list: the contract's stamp is already bumped in
    this transaction (the list is emptied at commit and rollback, and loses what a rolled
    back savepoint added, with the bump itself)."""

    def __init__(self, contract_id: int):
        self.contract_id = contract_id
        self.read = False  # the stamp was read since: the next write bumps it again

    def __call__(self) -> None:
        pass


def _already(connection, contract_id: int) -> bool:
    return any(
        isinstance(entry[1], _Bumped) and entry[1].contract_id == contract_id and not entry[1].read
        for entry in connection.run_on_commit
    )


def bump(contract_ids: int | Iterable[int | None] | None, using: str | None = None) -> None:
    """A new version for these contracts' data, in the current transaction."""
    ids = {contract_ids} if isinstance(contract_ids, int) else set(contract_ids or ())
    using = using or router.db_for_write(ContractStamp)
    connection = connections[using]
    # What was read before this write (``prefetch``) no longer answers ``read_for_person``.
    connection.ctai_writes = _writes(connection) + 1
    for contract_id in sorted(i for i in ids if i is not None):
        if connection.in_atomic_block:
            if _already(connection, contract_id):
                continue
            transaction.on_commit(_Bumped(contract_id), using=using)
        with connection.cursor() as cursor:
            cursor.execute(UPSERT, [contract_id, secrets.randbelow(START) + 1])


def _writes(connection) -> int:
    return getattr(connection, "ctai_writes", 0)


def _mark_read(connection, contract_ids: set[int]) -> None:
    if connection.in_atomic_block:
        for entry in connection.run_on_commit:
            if isinstance(entry[1], _Bumped) and entry[1].contract_id in contract_ids:
                entry[1].read = True


def stamps(contract_ids: Iterable[int]) -> dict[int, int]:
    """The current versions of several contracts' data, in one query (0 before a contract's
    first write); read as ``stamp`` reads one."""
    ids = set(contract_ids)
    if not ids:
        return {}
    connection = connections[router.db_for_read(ContractStamp)]
    _mark_read(connection, ids)
    ordered = sorted(ids)
    with rows.cursor(connection) as cursor:
        cursor.execute(READ_MANY.format(", ".join(["%s"] * len(ordered))), ordered)
        found = dict(cursor.fetchall())
    return {contract_id: found.get(contract_id, 0) for contract_id in sorted(ids)}


# What a page's navigation counts for its person, read in the same round trip as the stamps
# of their contracts (``read_for_person``): name -> function(user id) -> (``SELECT COUNT(*)
# …``, params). Registered by the layers above (notifications: the unread notifications).
PERSON_COUNTS: dict[str, Callable[[int], tuple[str, list]]] = {}


@dataclass(frozen=True)
class PersonRead:
    versions: dict[int, int]  # contract id -> stamp
    counts: dict[str, int]  # PERSON_COUNTS' numbers


COUNT, STAMP = 1, 2  # the kinds of rows of the person's read: (kind, key, value)


def _person_selects(user_id: int, contracts_sql: str, padding: str = "") -> tuple[list, list]:
    """The members of a ``UNION ALL`` reading the ``PERSON_COUNTS`` of ``user_id`` (``COUNT,
    count number, count``) and the stamps of the contracts of ``contracts_sql`` (``STAMP,
    contract id, stamp``; none if empty), each followed by ``padding``; the counts'
    parameters (those of ``contracts_sql`` are the caller's)."""
    selects, arguments = [], []
    for index, name in enumerate(sorted(PERSON_COUNTS)):
        sql, params = PERSON_COUNTS[name](user_id)
        selects.append(f"SELECT {COUNT}, {index}, ({sql}){padding}")
        arguments += params
    if contracts_sql:
        selects.append(
            f"SELECT {STAMP}, contract_id, version{padding} FROM {TABLE} "
            f"WHERE contract_id IN ({contracts_sql})"
        )
    return selects, arguments


def _person_read(found, contract_ids: Iterable[int]) -> PersonRead:
    """What the rows of ``_person_selects`` say (0 for a contract never written)."""
    names = sorted(PERSON_COUNTS)
    counts = dict.fromkeys(names, 0)
    versions = dict.fromkeys(contract_ids, 0)
    for kind, key, value in found:
        if kind == COUNT:
            counts[names[key]] = value
        elif key in versions:
            versions[key] = value
    return PersonRead(versions=versions, counts=counts)


def read_for_person(user, contract_ids: Iterable[int]) -> PersonRead:
    """The stamps of the person's contracts (``contract_ids``: those of their memberships) and
    their ``PERSON_COUNTS``, in one query: every logged-in page needs both, and a query costs
    more in its trip than in its work. Read as ``stamps`` reads; kept on the user object for
    the rest of the request (``remembered_for_person``: the navigation's counts). What was
    read with the person (``prefetched``) answers without a query, until a write."""
    ids = sorted(set(contract_ids))
    connection = connections[router.db_for_read(ContractStamp)]
    _mark_read(connection, set(ids))
    early = getattr(user, "_ctai_prefetched", None)
    if (
        early is not None
        and early[0] == _writes(connection)
        and set(ids) <= early[1].versions.keys()
    ):
        read = PersonRead({i: early[1].versions[i] for i in ids}, early[1].counts)
    else:
        selects, arguments = _person_selects(user.pk, ", ".join(["%s"] * len(ids)))
        found = []
        if selects:
            with rows.cursor(connection) as cursor:
                cursor.execute(" UNION ALL ".join(selects), [*arguments, *ids])
                found = cursor.fetchall()
        read = _person_read(found, ids)
    user._ctai_person_read = read
    return read


def prefetch_selects(user_id: int, contracts_sql: str, width: int) -> tuple[list[str], list]:
    """``read_for_person``'s query for the contracts of ``contracts_sql`` (a ``SELECT`` of
    contract ids, its one parameter the person's id), as members of a ``UNION ALL`` with the
    reader's own rows, each row followed by ``width`` nulls. ``prefetched`` gives what they
    read to ``read_for_person``."""
    selects, arguments = _person_selects(user_id, contracts_sql, ", NULL" * width)
    return selects, [*arguments, user_id]


def prefetched(user, found, contract_ids: Iterable[int], connection) -> None:
    """Keep on ``user`` what the ``prefetch_selects`` rows (kind, key, value) ``found``, for
    the ``read_for_person`` calls of the request made before any write."""
    user._ctai_prefetched = (_writes(connection), _person_read(found, contract_ids))


def remembered_for_person(user) -> PersonRead | None:
    """What ``read_for_person`` read for this person in this request (the view's contract
    page), if it did."""
    return getattr(user, "_ctai_person_read", None)


def stamp(contract_id: int) -> int:
    """The current version of the contract's data (0 before its first write, then a random
    start, plus one at each transaction that writes).

    Read inside a transaction that already bumped it (a test, a view that writes then
    reads), the next write of that transaction bumps it again: what was read with this
    version stays what this version shows."""
    connection = connections[router.db_for_read(ContractStamp)]
    _mark_read(connection, {contract_id})
    with rows.cursor(connection) as cursor:
        cursor.execute(READ, [contract_id])
        row = cursor.fetchone()
    return row[0] if row else 0


# Contract data the trail does not record, but the pages show: model label -> the field of
# its contract's id, or a function of the instance giving the ids of every contract whose
# pages show it (registered by the package that knows the way: ``register``). Saves and
# deletes bump through signals; ``bulk_create`` callers bump themselves.
STAMPED: dict[str, str | Callable[[Any], Iterable[int]]] = {
    "checks.StoredFinding": "contract_id",
    "documents.ReviewItem": "contract_id",
    "documents.DocumentImport": "contract_id",  # the sheet page names the last import
}


def register(label: str, contracts: str | Callable[[Any], Iterable[int]]) -> None:
    """Other packages put their unaudited contract data under the stamp."""
    STAMPED[label] = contracts


def _changed(sender, instance, raw=False, **kwargs) -> None:
    contracts = STAMPED.get(sender._meta.label)
    if raw or contracts is None:
        return
    if isinstance(contracts, str):
        bump(getattr(instance, contracts, None), using=kwargs.get("using"))
    else:
        bump(contracts(instance), using=kwargs.get("using"))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_changed, dispatch_uid="ctai_stamp_save")
    post_delete.connect(_changed, dispatch_uid="ctai_stamp_delete")
