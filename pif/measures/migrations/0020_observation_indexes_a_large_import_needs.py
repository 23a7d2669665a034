"""Observations lose the indexes nothing searches by, and keep a small one by area.

Each index on the observations costs about a second for every million values an import
writes (measured on PostgreSQL: inserting a million rows took 6.7 s with the three indexes
this migration drops, 4.5 s without them). Values are never looked up by who entered or
approved them: those indexes served only deleting a user, which PIF never does (people are
made inactive). Values are looked up by area only within an indicator, which the indicator's
indexes serve, or to refuse deleting an area that has values, which the new partial index
serves: it holds only the values with an area, not the totals that are most of an import.

The indexes are dropped by name in SQL. Django's own AlterField would also drop and add back
each foreign key, and adding one back checks every stored value while writes wait: minutes
on a national instance, for no change to the keys.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

#: The indexes Django made for the three foreign keys: (its name, its column).
DROPPED = [("measures_observation_approved_by_id_7da342a7", "approved_by_id"),
           ("measures_observation_breakdown_id_a94bcda4", "breakdown_id"),
           ("measures_observation_entered_by_id_3ebe6355", "entered_by_id")]


def _unindexed(name: str, to: str, on_delete, related_name: str) -> migrations.AlterField:
    return migrations.AlterField(
        model_name="observation", name=name,
        field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=on_delete,
                                related_name=related_name, to=to))


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0019_observations_awaiting_approval"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                _unindexed("approved_by", settings.AUTH_USER_MODEL,
                           django.db.models.deletion.PROTECT, "+"),
                _unindexed("breakdown", "measures.breakdown",
                           django.db.models.deletion.RESTRICT, "observations"),
                _unindexed("entered_by", settings.AUTH_USER_MODEL,
                           django.db.models.deletion.PROTECT, "+"),
            ],
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {name}",
                                  f"CREATE INDEX {name} ON measures_observation ({column})")
                for name, column in DROPPED
            ],
        ),
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(condition=models.Q(("breakdown__isnull", False)),
                               fields=["breakdown"], name="measures_obs_by_breakdown"),
        ),
    ]
