"""Observations lose the indexes nothing searches by, and keep a small one by area.

Each index on the observations costs about a second for every million values an import
writes (measured on PostgreSQL: inserting a million rows took 6.7 s with the three indexes
dropped here and 4.5 s without them). Values are never looked up by who entered or approved
them: those indexes served only deleting a user, which PIF never does (people are made
inactive). Values are looked up by area only within an indicator, which the indicator's
indexes serve, or to refuse deleting an area that has values, which the new partial index
serves: it holds only the values with an area, not the totals that are most of an import.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0019_observations_awaiting_approval"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="observation",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="breakdown",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="observations",
                to="measures.breakdown",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="entered_by",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(
                condition=models.Q(("breakdown__isnull", False)),
                fields=["breakdown"],
                name="measures_obs_by_breakdown",
            ),
        ),
    ]
