"""Set up Django for a benchmark: a fresh temporary SQLite database unless DATABASE_URL is set."""

import os
import sys
import tempfile
from pathlib import Path


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
