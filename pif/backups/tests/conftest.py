"""Databases for the backup and restore tests, made once per test run (see helpers.py)."""

import pytest

from .helpers import BUILD_SCRIPT, sqlite_site


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory):
    """A migrated SQLite database with no PIF data in it."""
    site = sqlite_site(tmp_path_factory.mktemp("empty-template"))
    site.pif("migrate", "--verbosity", "0")
    return site.folder / "pif.sqlite3"


@pytest.fixture(scope="session")
def source(tmp_path_factory, empty_template):
    """The demo partnership, with history rows and an uploaded evidence file, and its backup."""
    site = sqlite_site(tmp_path_factory.mktemp("source"), template=empty_template)
    evidence_name = site.python(BUILD_SCRIPT).strip()
    assert (site.media / evidence_name).is_file()
    site.backup = site.folder / "backup.zip"
    site.pif("backup", str(site.backup))
    site.evidence_name = evidence_name
    return site


@pytest.fixture(scope="session")
def encrypted(source):
    """The source's backup encrypted with helpers.KEY (made once: each backup is a subprocess)."""
    path = source.folder / "site.pifbackup"
    source.pif("backup", str(path), "--encrypt")
    return path
