"""Changes to indicators, targets, commentary and annotations, with history and events.

Observations are written by `writing.write_observations`; everything else is here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from pif import history_writes
from pif.editing import LoadedVersion, claim_version, refusing_a_racing_create
from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures import rules, status
from pif.measures.models import Annotation, Commentary, Indicator, Tag, Target, TargetPoint
from pif.partnerships.events import record_event
from pif.partnerships.services import Actor


def _stamp(obj, user) -> None:
    if user is not None and user.is_authenticated:
        obj._history_user = user


@transaction.atomic
def save_indicator(form, *, user) -> Indicator:
    """Save an IndicatorForm; refuse if someone else saved the indicator since it was read."""
    indicator = form.instance
    creating = indicator.pk is None
    if not creating:
        claim_version(indicator, form.loaded_version)
    refuse_broken_indicator(indicator)
    _stamp(indicator, user)
    indicator = form.save()
    _add_new_tags(indicator, form.cleaned_data.get("new_tags") or [], user)
    verb = "indicator_created" if creating else "indicator_changed"
    record_event(indicator.partnership, verb,
                 f"{indicator.code} {indicator.title} {'created' if creating else 'changed'}",
                 actor=user, obj=indicator)
    status.refresh([indicator])
    return indicator


def refuse_broken_indicator(indicator: Indicator) -> None:
    """Raise ValidationError if the indicator's settings break a rule, whichever path made
    them: its form, an import creating it, or the command line."""
    indicator.clean()


def _add_new_tags(indicator: Indicator, tags: list[tuple[str, str]], user) -> None:
    for group, name in tags:
        tag = Tag.objects.filter(partnership=indicator.partnership, name__iexact=name).first()
        if tag is None:
            tag = Tag(partnership=indicator.partnership, name=name, group=group)
            _stamp(tag, user)
            tag.save()
        indicator.tags.add(tag)


def _period(text: str, indicator: Indicator, field: str) -> Period | None:
    try:
        period = indicator.read_period(text)
    except PeriodError as error:
        raise ValidationError({field: str(error)}) from error
    findings = rules.check_period_start(period) if period else []
    if findings:
        raise ValidationError({field: findings[0].message})
    return period


def parse_trajectory(text: str, indicator: Indicator) -> list[tuple[Period, float]]:
    """Lines like "2025/26, 85" into (period, value) pairs, each value within the target
    rules, with the line number on error."""
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            period, value = _trajectory_point(line, indicator)
        except ValidationError as error:
            raise ValidationError(
                {"trajectory": f"Line {number} (“{line.strip()}”): {error.messages[0]}"}
            ) from error
        points.append((period, value))
    return points


_POINT_FORMAT = "write a period, a comma, then a number"


def _trajectory_point(line: str, indicator: Indicator) -> tuple[Period, float]:
    period_text, _, value_text = line.partition(",")
    try:
        period = parse_period(period_text.strip(), frequency=indicator.frequency)
        value = parse_number(value_text).value
    except PeriodError as error:
        raise ValidationError(str(error)) from error
    except NumberError as error:
        raise ValidationError(f"{_POINT_FORMAT}: {error}") from error
    if value is None:  # blank, or a missing-data code such as ".."
        raise ValidationError(_POINT_FORMAT)
    findings = rules.check_period_start(period) or rules.check_target_value(indicator, value)
    if findings:
        raise ValidationError(findings[0].message)
    return period, value


@transaction.atomic
def save_target(target: Target, *, trajectory_text: str, user) -> Target:
    indicator = target.indicator
    start = _period(target.valid_from, indicator, "valid_from")
    end = _period(target.valid_to, indicator, "valid_to")
    target.valid_from = start.key if start else ""
    target.valid_to = end.key if end else ""
    target.valid_from_start = start.start if start else None
    target.valid_to_end = end.end if end else None
    findings = rules.check_target(indicator, value=target.value, tolerance=target.tolerance,
                                  tolerance_kind=target.tolerance_kind)
    if findings:
        raise rules.as_validation_error(findings)
    points = parse_trajectory(trajectory_text, indicator) if trajectory_text.strip() else []
    if target.value is None and not points:
        raise ValidationError({"value": "Enter a target value, or a trajectory below"})
    if target.value is not None and points:
        raise ValidationError({"trajectory": "Enter a target value or a trajectory, not both"})
    if start and end and end.end < start.start:
        raise ValidationError({"valid_to": "The last period must not be before the first"})
    _stamp(target, user)
    target.save()
    history_writes.delete_each(Actor(user=user), target.points.all())
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
def save_commentary(indicator: Indicator, period: Period, fields: dict, *, user,
                    loaded_version: LoadedVersion) -> Commentary:
    """Write the commentary for `period`, refusing to overwrite one saved since
    `loaded_version` (0: there was none when the page was loaded)."""
    commentary = Commentary.objects.filter(indicator=indicator, period=period.key).first()
    if commentary is not None:
        claim_version(commentary, loaded_version)
    else:
        commentary = Commentary(indicator=indicator, period=period.key,
                                period_start=period.start)
    for name, value in fields.items():
        setattr(commentary, name, value)
    commentary.author = user
    _stamp(commentary, user)
    with refusing_a_racing_create(Commentary, indicator=indicator, period=period.key):
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
