"""An index on an observation's history by indicator, then time, for the History page.

The page reads each indicator's changes nearest to its position, newest first
(pif/partnerships/history.py, `_nearest_per_parent`): with this index that is a short
ordered read per indicator, whatever the length of the history or the size of other
partnerships'. The historical model is made by django-simple-history, whose models cannot
declare indexes of their own, so the index is written in SQL and kept out of the model state;
the plain index on the indicator goes (it would only slow each write).

On SQLite, altering a field rebuilds the table and drops indexes the model state does not
know, so the field is altered first and the index made after it; a test checks it is there
after every migration (pif/measures/tests/test_indexes.py).
"""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "measures_histobs_indicator_date"
TABLE = "measures_historicalobservation"


class Migration(migrations.Migration):
    dependencies = [("measures", "0017_commentary_is_public_historicalcommentary_is_public")]

    operations = [
        migrations.AlterField(
            model_name="historicalobservation",
            name="indicator",
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True,
                                    on_delete=django.db.models.deletion.DO_NOTHING,
                                    related_name="+", to="measures.indicator"),
        ),
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON {TABLE} (indicator_id, history_date, history_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
