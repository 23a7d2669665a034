"""Set up Django for a benchmark in a fresh database: temporary SQLite, or PostgreSQL through
`fresh_postgres_database`."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def setup(database_url: str | None = None, settings: str = "pif.settings_test") -> str:
    """Migrate a fresh database: `database_url` (from `fresh_postgres_database`) or a new
    temporary SQLite file, never a database named in the environment, which may hold data."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if database_url is None:
        os.environ["PIF_VAR_DIR"] = tempfile.mkdtemp(prefix="pif-bench-")
        database_url = f"sqlite:///{os.environ['PIF_VAR_DIR']}/bench.sqlite3"
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    return connection.vendor


@contextlib.contextmanager
def fresh_postgres_database(server_url: str):
    """Create an empty PostgreSQL database on the server of `server_url`, yield its URL, and
    drop it afterwards, so a benchmark never touches anyone's data."""
    import psycopg

    # PIF_BENCH_DATABASE names it when several people measure on one server at once.
    name = os.environ.get("PIF_BENCH_DATABASE") or f"pif_bench_{os.getpid()}"
    parts = urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main(description: str, run) -> None:
    """The command line of a page benchmark: `--postgres URL` measures on a fresh PostgreSQL
    database there, else on a temporary SQLite file; `run(vendor)` prints the figures."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL server")
    options = parser.parse_args()
    with (fresh_postgres_database(options.postgres) if options.postgres
          else contextlib.nullcontext()) as database_url:
        run(setup(database_url))
