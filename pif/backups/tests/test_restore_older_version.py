"""A backup made at an earlier migration state (as an older PIF would make it) restores at
that state and is migrated forward to the current code."""

import shutil
import sqlite3

from .helpers import contents, manifest, sqlite_site

APP = "improvement"
EARLIER, LATER = "0001_initial", "0002_action_published_historicalaction_published"
CHANGED = {"data/improvement.Action.jsonl", "data/improvement.HistoricalAction.jsonl"}


def test_an_older_backup_is_migrated_forward(source, empty_template, tmp_path):
    older = sqlite_site(tmp_path / "older", template=source.folder / "pif.sqlite3")
    shutil.copytree(source.media, older.media, dirs_exist_ok=True)
    older.pif("migrate", APP, EARLIER, "--verbosity", "0")
    old_backup = tmp_path / "older.zip"
    older.pif("backup", str(old_backup))
    assert manifest(old_backup)["migrations"][APP] == [EARLIER]

    target = sqlite_site(tmp_path / "target", template=empty_template)
    target.pif("restore", str(old_backup))
    with sqlite3.connect(target.folder / "pif.sqlite3") as database:
        applied = {name for (name,) in database.execute(
            "SELECT name FROM django_migrations WHERE app = ?", (APP,))}
        actions = database.execute("SELECT count(*) FROM improvement_action").fetchone()[0]
    assert LATER in applied
    rows = {table["model"]: table["rows"] for table in manifest(old_backup)["tables"]}
    assert actions == rows["improvement.Action"] > 0

    # Every table but the migrated one is exactly as it was in the newer original.
    now = tmp_path / "now.zip"
    target.pif("backup", str(now))
    original, restored = contents(source.backup), contents(now)
    assert {name for name in original if original[name] != restored.get(name)} <= CHANGED
    assert sorted(original) == sorted(restored)
