"""An index of the values awaiting approval, by indicator.

The approvals page, "Data you need to submit" and the overview look for a partnership's
values awaiting approval: a handful among each indicator's hundreds of approved values.
This partial index holds only those, so finding them reads a few entries per indicator
rather than every value (measured at national scale: the approvals page's query from 375 ms
to 24 ms), and approved values, most of a large import, cost it nothing.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("measures", "0018_observation_history_by_indicator_and_time")]

    operations = [
        migrations.AddIndex(
            model_name="observation",
            index=models.Index(condition=models.Q(approved_at__isnull=True),
                               fields=["indicator"], name="measures_obs_awaiting_approval"),
        ),
    ]
