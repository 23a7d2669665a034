"""An index on an observation's history by indicator, then time, for the History page.

The page reads each indicator's changes nearest to its position, newest first
(pif/partnerships/history.py, `_nearest_per_parent`): with this index that is a short
ordered read per indicator, whatever the length of the history or the size of other
partnerships'. The historical model is made by django-simple-history, whose models cannot
declare indexes of their own, so the index is written in SQL and kept out of the model state.
"""

from django.db import migrations

INDEX = "measures_histobs_indicator_date"
TABLE = "measures_historicalobservation"


class Migration(migrations.Migration):
    dependencies = [("measures", "0017_commentary_is_public_historicalcommentary_is_public")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {INDEX} ON {TABLE} (indicator_id, history_date, history_id)",
            f"DROP INDEX {INDEX}",
        ),
    ]
