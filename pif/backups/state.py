"""The migration state of the database, and the models as they were at a state.

A backup is read and written through the historical models of the migrations applied
(not the models of the code), so a restore can load it at that same state and then let
the migrations carry the data forward.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

LEFT_OUT = {"sessions.Session": "sign-in sessions: everyone signs in again after a restore"}
# Made by `migrate` on every database; a restore swaps them for the backup's rows (their
# ids matter), so a database holding only these still counts as empty.
MADE_BY_MIGRATE = {"contenttypes.ContentType", "auth.Permission"}
MIGRATIONS_TABLE = "django_migrations"


def loader() -> MigrationLoader:
    return MigrationLoader(connection, ignore_no_migrations=True)


def applied_migrations(migration_loader: MigrationLoader | None = None) -> dict[str, list[str]]:
    """Every applied migration, by app, as in the graph (squashed ones as the graph has them)."""
    migration_loader = migration_loader or loader()
    applied: dict[str, list[str]] = {}
    for app, name in sorted(migration_loader.applied_migrations):
        if (app, name) in migration_loader.graph.nodes:
            applied.setdefault(app, []).append(name)
    return applied


def unknown_migrations(recorded: dict[str, list[str]],
                       migration_loader: MigrationLoader) -> list[str]:
    """Migrations a backup records that this code does not have (a newer PIF made it)."""
    return [f"{app}.{name}" for app, names in sorted(recorded.items()) for name in names
            if (app, name) not in migration_loader.graph.nodes]


def leaf_targets(recorded: dict[str, list[str]],
                 migration_loader: MigrationLoader) -> list[tuple[str, str]]:
    """For each app, the last of the recorded migrations in graph order."""
    targets = []
    for app, names in sorted(recorded.items()):
        nodes = {(app, name) for name in names}
        last = [node for node in nodes
                if not any(child in nodes for child in migration_loader.graph.node_map[
                    node].children)]
        targets.extend(sorted(last))
    return targets


def state_apps(recorded: dict[str, list[str]], migration_loader: MigrationLoader):
    """The apps registry of the models as they were with these migrations applied."""
    nodes = [(app, name) for app, names in recorded.items() for name in names]
    return migration_loader.project_state(nodes, at_end=True).apps


@contextmanager
def one_snapshot():
    """Read every table as the database stood at one moment, so a change saved while a backup
    or an exit zip is made cannot leave a row pointing at one the file does not hold. SQLite's
    transaction is a snapshot already; PostgreSQL's needs REPEATABLE READ (possible only when
    nothing else has begun the transaction, so not inside an outer atomic block)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield
