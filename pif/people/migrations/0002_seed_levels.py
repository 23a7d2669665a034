"""Partnerships created before stage 4 existed get the NES quality improvement levels, as
each new partnership does when it is created (pif.people.registrations). Each level is kept in
history, said to come from this set-up."""

import tomllib
from pathlib import Path

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def _levels() -> list[dict]:
    path = Path(getattr(settings, "PIF_FRAMEWORKS_DIR", settings.BASE_DIR / "frameworks"),
                "people", "nes-qi-levels.toml")
    with path.open("rb") as handle:
        return tomllib.load(handle)["levels"]


def seed(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    Level = apps.get_model("people", "CapabilityLevel")
    HistoricalLevel = apps.get_model("people", "HistoricalCapabilityLevel")
    partnerships = Partnership.objects.exclude(pk__in=Level.objects.values("partnership_id"))
    if not partnerships.exists():
        return
    levels = _levels()
    now = timezone.now()
    for partnership in partnerships:
        for position, data in enumerate(levels, start=1):
            level = Level.objects.create(partnership=partnership, name=data["name"],
                                         description=data.get("description", ""),
                                         position=position)
            HistoricalLevel.objects.create(
                id=level.pk, partnership_id=partnership.pk, name=level.name,
                description=level.description, position=position, version=level.version,
                history_date=now, history_type="+",
                history_change_reason="Set up from the NES quality improvement levels")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
