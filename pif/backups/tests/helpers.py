"""Running `pif` against databases of a test's own, in subprocesses, and comparing backups.

A restore into a brand-new database runs every migration, which is slow; so the tests make
one migrated empty SQLite database and restore into copies of it (a database holding only
what `migrate` makes counts as empty), and run the full migration only where it is the
point (the PostgreSQL restore and the older-version test).
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

POSTGRES = "postgres://postgres@127.0.0.1:5432"
KEY = "e3D0QW-JxXaS6pOjX6vq7h3r1Rk0G8-4mEJ8b3gZ0Xk="

BUILD_SCRIPT = """
from django.core.files.base import ContentFile
from pif.partnerships import demo
from pif.reviews.models import Evidence

demo.load()
# An uploaded evidence file, with its history row, so the round trip carries media.
sample = Evidence.objects.order_by("pk").first()
evidence = Evidence(assessment=sample.assessment, node=sample.node, added_by=sample.added_by,
                    file_name="partnership-agreement.pdf", content_type="application/pdf")
evidence.file.save("partnership-agreement.pdf", ContentFile(b"%PDF-1.4 signed agreement"))
print(evidence.file.name)
"""


class Site:
    """One database (SQLite file or PostgreSQL) with its own var and media folders."""

    def __init__(self, folder: Path, database_url: str):
        self.folder = folder
        self.database_url = database_url
        self.media = folder / "media"
        self.media.mkdir(parents=True, exist_ok=True)

    def env(self, **extra) -> dict:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "pif.settings",
               "DATABASE_URL": self.database_url, "PIF_VAR_DIR": str(self.folder),
               "MEDIA_ROOT": str(self.media), "PIF_BACKUP_KEY": KEY}
        env.pop("TEST_SQLITE_NAME", None)
        env.update(extra)
        return {name: value for name, value in env.items() if value is not None}

    def pif(self, *args, check=True, **extra_env) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "pif.cli", *args], env=self.env(
            **extra_env), capture_output=True, text=True, timeout=600)
        if check and result.returncode != 0:
            raise AssertionError(f"pif {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result

    def python(self, script: str) -> str:
        code = "import django; django.setup()\n" + script
        result = subprocess.run([sys.executable, "-c", code], env=self.env(),
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout


def sqlite_site(folder: Path, template: Path | None = None) -> Site:
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "pif.sqlite3"
    if template is not None:
        shutil.copy(template, database)
    return Site(folder, f"sqlite:///{database}")


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        return False


class PostgresDatabase:
    """A PostgreSQL database pif_restore_<random>, dropped on exit."""

    def __enter__(self) -> str:
        import psycopg

        self.name = f"pif_restore_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return f"{POSTGRES}/{self.name}"

    def __exit__(self, *exc) -> None:
        import psycopg

        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def contents(path: Path) -> dict[str, bytes]:
    """Every data and media file of a backup zip, by name (the manifest differs by time)."""
    with zipfile.ZipFile(path) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()
                if name.startswith(("data/", "media/"))}


def manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as bundle:
        return json.loads(bundle.read("manifest.json"))


def assert_same_data(first: Path, second: Path) -> None:
    """Every table's rows and every uploaded file are the same in both backups."""
    one, two = contents(first), contents(second)
    assert sorted(one) == sorted(two)
    different = [name for name in one if one[name] != two[name]]
    assert different == []
