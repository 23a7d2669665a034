"""Changes to indicators, targets, commentary and annotations, with history and events.

Observations are written by `writing.write_observations`; everything else is here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures import status
from pif.measures.models import Annotation, Commentary, Indicator, Tag, Target, TargetPoint
from pif.partnerships.events import record_event
from pif.partnerships.services import EditConflict, FieldConflict, saved_since


def _stamp(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


@transaction.atomic
def save_indicator(form, *, user, expected_version: int | None = None) -> Indicator:
    """Save an IndicatorForm; refuse if someone else saved the indicator since it was read."""
    indicator = form.instance
    creating = indicator.pk is None
    if not creating:
        current = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if expected_version is not None and current.version != expected_version:
            raise _conflict(current, form)
        indicator.version = current.version + 1
    _stamp(indicator, user)
    indicator = form.save()
    _add_new_tags(indicator, form.cleaned_data.get("new_tags") or [], user)
    verb = "indicator_created" if creating else "indicator_changed"
    record_event(indicator.partnership, verb,
                 f"{indicator.code} {indicator.title} {'created' if creating else 'changed'}",
                 actor=user, obj=indicator)
    status.refresh([indicator])
    return indicator


def _add_new_tags(indicator: Indicator, tags: list[tuple[str, str]], user) -> None:
    for group, name in tags:
        tag = Tag.objects.filter(partnership=indicator.partnership, name__iexact=name).first()
        if tag is None:
            tag = Tag(partnership=indicator.partnership, name=name, group=group)
            _stamp(tag, user)
            tag.save()
        indicator.tags.add(tag)


def _conflict(current: Indicator, form) -> EditConflict:
    changed_by = saved_since(current, form.cleaned_data.get("version") or 0)
    conflicts = []
    for name in form.changed_data:
        if name in ("version", "tags"):
            continue
        saved, yours = getattr(current, name), form.cleaned_data.get(name)
        if saved != yours:
            label = str(Indicator._meta.get_field(name).verbose_name).capitalize()
            conflicts.append(FieldConflict(label, str(saved or "(blank)"), str(yours or "(blank)")))
    return EditConflict(current, changed_by, conflicts)


def _period(text: str, indicator: Indicator, field: str) -> Period | None:
    try:
        return indicator.read_period(text)
    except PeriodError as error:
        raise ValidationError({field: str(error)}) from error


def parse_trajectory(text: str, indicator: Indicator) -> list[tuple[Period, float]]:
    """Lines like "2025/26, 85" into (period, value) pairs, with the line number on error."""
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        period_text, _, value_text = line.partition(",")
        try:
            period = parse_period(period_text.strip(), frequency=indicator.frequency)
            value = float(value_text.strip().rstrip("%").replace(",", ""))
        except (PeriodError, ValueError) as error:
            reason = (str(error) if isinstance(error, PeriodError)
                      else "write a period, a comma, then a number")
            raise ValidationError(
                {"trajectory": f"Line {number} (“{line.strip()}”): {reason}"}) from error
        points.append((period, value))
    return points


@transaction.atomic
def save_target(target: Target, *, trajectory_text: str, user) -> Target:
    indicator = target.indicator
    start = _period(target.valid_from, indicator, "valid_from")
    end = _period(target.valid_to, indicator, "valid_to")
    target.valid_from = start.key if start else ""
    target.valid_to = end.key if end else ""
    target.valid_from_start = start.start if start else None
    target.valid_to_end = end.end if end else None
    points = parse_trajectory(trajectory_text, indicator) if trajectory_text.strip() else []
    if target.value is None and not points:
        raise ValidationError({"value": "Enter a target value, or a trajectory below"})
    if target.value is not None and points:
        raise ValidationError({"trajectory": "Enter a target value or a trajectory, not both"})
    if start and end and end.end < start.start:
        raise ValidationError({"valid_to": "The last period must not be before the first"})
    _stamp(target, user)
    target.save()
    target.points.all().delete()
    for period, value in points:
        point = TargetPoint(target=target, period=period.key, period_start=period.start,
                            value=value)
        _stamp(point, user)
        point.save()
    record_event(indicator.partnership, "target_set",
                 f"{target.get_level_display()} target set for {indicator.code}",
                 actor=user, obj=target)
    status.refresh([indicator])
    return target


@transaction.atomic
def save_commentary(indicator: Indicator, period: Period, fields: dict, *, user) -> Commentary:
    commentary = Commentary.objects.filter(indicator=indicator, period=period.key).first()
    commentary = commentary or Commentary(indicator=indicator, period=period.key,
                                          period_start=period.start)
    for name, value in fields.items():
        setattr(commentary, name, value)
    commentary.author = user
    _stamp(commentary, user)
    commentary.save()
    record_event(indicator.partnership, "commentary_added",
                 f"Commentary on {indicator.code} for {period.label}", actor=user,
                 obj=commentary)
    return commentary


@transaction.atomic
def add_annotation(indicator: Indicator, period: Period, *, text: str, is_rebase: bool,
                   user) -> Annotation:
    annotation = Annotation(indicator=indicator, period=period.key, period_start=period.start,
                            text=text, is_rebase=is_rebase, author=user)
    _stamp(annotation, user)
    annotation.save()
    kind = "Limits recalculated" if is_rebase else "Note added"
    record_event(indicator.partnership, "chart_annotated",
                 f"{kind} on {indicator.code} at {period.label}: {text}", actor=user,
                 obj=annotation)
    if is_rebase:
        status.refresh([indicator])
    return annotation
