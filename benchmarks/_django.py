"""Set up Django for a benchmark: a fresh temporary SQLite database unless DATABASE_URL is set
(by `fresh_postgres_database`)."""

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def setup() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    if "DATABASE_URL" not in os.environ:
        os.environ["PIF_VAR_DIR"] = tempfile.mkdtemp(prefix="pif-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pif.settings_test")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from django.db import connection

    return connection.vendor


@contextlib.contextmanager
def fresh_postgres_database(server_url: str):
    """Create an empty PostgreSQL database on the server of `server_url`, point DATABASE_URL
    at it, and drop it afterwards, so a benchmark never touches anyone's data."""
    import psycopg

    name = f"pif_bench_{os.getpid()}"
    parts = urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name}")
