"""The vision is stored once, on the Vision page. Copy the partnership settings' vision
statement (partnerships 0005 removes it) to where it now lives, losing nothing:

- every change to the settings' vision (each history record whose vision differs from the
  record before it) becomes an event in the partnership's Activity, "Vision changed in the
  settings", with the person, the time and the path the history record kept, and the text.
  Removing the column empties those history records (the History page then leaves them
  out), so without this nobody could tell who wrote or changed the old vision, or when:
  ADR 0005 (nothing lost from history). Events rather than Vision history: these were not
  changes to any Vision (no years, no row), and invented Vision history would misstate
  what the Vision page's records say;
- no Vision yet: the settings' text becomes the current Vision, for ten years from the
  reporting year the partnership was created in;
- a Vision with the same words already: nothing more to do;
- Visions that say something else: they are kept (the Vision page is the stage 1 home), and
  the settings' text, with any earlier settings text no Vision holds, is kept in a note in
  the partnership's Activity.

Made by the operator who runs the upgrade: the "command line" path of `pif.actors`.

Back (`migrate partnerships 0004`): each partnership's settings get the statement of its
current Vision, so the settings page shows what it showed before; the events stay.
"""

from django.db import migrations
from django.utils import timezone

MOVED = "Moved from the partnership's settings"
COMMAND_LINE = "command line"  # pif.actors.COMMAND_LINE.via: the operator's path
WEB = "web"  # pif.actors.WEB
THROUGH = "Changed through "  # how pif.actors.Actor.change_reason names a path
CHANGED_IN_SETTINGS = "vision_changed_in_settings"


def _reporting_year(moment, start_month: int) -> int:
    return moment.year if moment.month >= start_month else moment.year - 1


def _settings_texts(HistoricalPartnership, partnership) -> list[str]:
    """The settings' vision texts, the current one first, then earlier ones, newest first."""
    earlier = (HistoricalPartnership.objects.filter(id=partnership.pk)
               .order_by("-history_date", "-history_id").values_list("vision", flat=True))
    texts = []
    for text in [partnership.vision, *earlier]:
        text = text.strip()
        if text and text not in texts:
            texts.append(text)
    return texts


def _create_vision(Vision, HistoricalVision, partnership, statement: str):
    first_year = _reporting_year(partnership.created or timezone.now(),
                                 partnership.reporting_year_start_month)
    vision = Vision.objects.create(partnership=partnership, first_year=first_year,
                                   last_year=first_year + 9, statement=statement,
                                   is_current=True)
    # Historical models in a migration send no signals: write the first history record.
    HistoricalVision.objects.create(
        id=vision.pk, partnership_id=partnership.pk, first_year=vision.first_year,
        last_year=vision.last_year, statement=statement, purpose="", is_current=True,
        created=vision.created, version=vision.version, history_date=timezone.now(),
        history_type="+", history_change_reason=MOVED, history_user=None)


def _note(Event, partnership, texts: list[str]) -> None:
    quoted = "; ".join(f"“{text}”" for text in texts)
    Event.objects.create(
        partnership=partnership, verb="vision_moved", via=COMMAND_LINE,
        description=("The vision is now kept only on the Vision page, which says something "
                     "else. The partnership's settings said: " + quoted))


def _via(reason) -> str:
    """The path a history record's reason names ("Changed through command line"), else the
    web, where reasons name no path."""
    return reason.split(THROUGH, 1)[1] if reason and THROUGH in reason else WEB


def _keep_settings_changes(HistoricalPartnership, Event, partnership) -> None:
    """An Activity event for every change to the settings' vision, as its history kept it."""
    records = (HistoricalPartnership.objects.filter(id=partnership.pk)
               .order_by("history_date", "history_id"))
    before = ""
    for record in records:
        text = record.vision.strip()
        if text == before:
            continue
        before = text
        said = f"set to “{text}”" if text else "cleared"
        event = Event.objects.create(
            partnership=partnership, verb=CHANGED_IN_SETTINGS, actor_id=record.history_user_id,
            via=_via(record.history_change_reason),
            description=f"The vision in the partnership's settings was {said}.")
        # `created` is set to now on create; the event happened when the history says.
        Event.objects.filter(pk=event.pk).update(created=record.history_date)


def move_settings_vision(apps, schema_editor):
    Partnership = apps.get_model("partnerships", "Partnership")
    HistoricalPartnership = apps.get_model("partnerships", "HistoricalPartnership")
    Event = apps.get_model("partnerships", "Event")
    Vision = apps.get_model("outcomes", "Vision")
    HistoricalVision = apps.get_model("outcomes", "HistoricalVision")
    for partnership in Partnership.objects.order_by("pk"):
        _keep_settings_changes(HistoricalPartnership, Event, partnership)
        texts = _settings_texts(HistoricalPartnership, partnership)
        if not texts:
            continue
        if not Vision.objects.filter(partnership=partnership).exists():
            _create_vision(Vision, HistoricalVision, partnership, texts.pop(0))
        held = {statement.strip() for statement in HistoricalVision.objects.filter(
            partnership_id=partnership.pk).values_list("statement", flat=True)}
        held |= {statement.strip() for statement in Vision.objects.filter(
            partnership=partnership).values_list("statement", flat=True)}
        unheld = [text for text in texts if text not in held]
        if unheld:
            _note(Event, partnership, unheld)


def copy_vision_back(apps, schema_editor):
    """Back: the settings' vision is the current Vision's statement."""
    Partnership = apps.get_model("partnerships", "Partnership")
    Vision = apps.get_model("outcomes", "Vision")
    for partnership in Partnership.objects.order_by("pk"):
        statement = (Vision.objects.filter(partnership=partnership, is_current=True)
                     .values_list("statement", flat=True).first())
        if statement:
            partnership.vision = statement
            partnership.save(update_fields=["vision"])


class Migration(migrations.Migration):

    dependencies = [
        ("outcomes", "0004_frameworknode_change"),
        ("partnerships", "0004_membership_name_given_here"),
    ]
    # Read the settings' vision before partnerships removes it, without making partnerships
    # depend on a later app.
    run_before = [("partnerships", "0005_vision_stored_once")]

    operations = [
        migrations.RunPython(move_settings_vision, copy_vision_back),
    ]
