"""The history of values keeps one index starting with the indicator: 0018's (indicator, time,
history id) serves every read by indicator, so the plain one would only slow each write."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("measures", "0019_observations_awaiting_approval")]

    operations = [
        migrations.AlterField(
            model_name="historicalobservation",
            name="indicator",
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING,
                                    related_name="+", to="measures.indicator"),
        ),
    ]
