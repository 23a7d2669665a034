"""Changes to indicators, targets, commentary and annotations, with history and events.

Observations are written by `writing.write_observations`; everything else is here.
"""

from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction

from pif import history_writes
from pif.actors import Actor
from pif.editing import LoadedVersion, claim_version, refusing_a_racing_create
from pif.lib.numbers import NumberError, parse_number
from pif.lib.periods import Period, PeriodError, parse_period
from pif.measures import rules, status
from pif.measures.models import Annotation, Commentary, Indicator, Tag, Target, TargetPoint
from pif.partnerships.access import access_for


@transaction.atomic
def save_indicator(actor: Actor, form) -> Indicator:
    """Save an IndicatorForm; refuse if someone else saved the indicator since it was read."""
    indicator = form.instance
    creating = indicator.pk is None
    if not creating:
        claim_version(indicator, form.loaded_version)
    refuse_broken_indicator(indicator)
    actor.stamp(indicator)
    indicator = form.save()
    _add_new_tags(actor, indicator, form.cleaned_data.get("new_tags") or [])
    verb = "indicator_created" if creating else "indicator_changed"
    actor.event(indicator.partnership, verb,
                f"{indicator.code} {indicator.title} {'created' if creating else 'changed'}",
                indicator)
    status.refresh([indicator])
    return indicator


def refuse_broken_indicator(indicator: Indicator, codes_in_use=None) -> None:
    """Raise ValidationError if the indicator's settings break a rule, whichever path made
    them: its form, an import creating it, or the command line. Indicator.clean asks
    pif.measures.rules, the code's uniqueness in the partnership included (among
    `codes_in_use` when given, read once for many indicators)."""
    indicator.clean(codes_in_use)


def _add_new_tags(actor: Actor, indicator: Indicator, tags: list[tuple[str, str]]) -> None:
    for group, name in tags:
        rules.refuse(rules.check_new_tag(group, name))
        tag = Tag.objects.filter(partnership=indicator.partnership, name__iexact=name).first()
        if tag is None:
            tag = Tag(partnership=indicator.partnership, name=name, group=group)
            actor.stamp(tag)
            tag.save()
        indicator.tags.add(tag)


def _period(text: str, indicator: Indicator, field: str) -> Period | None:
    try:
        period = indicator.read_period(text)
    except PeriodError as error:
        raise ValidationError({field: str(error)}) from error
    if period:
        rules.refuse(rules.check_period_start(period, field))
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
            raise ValidationError({"trajectory": _on_line(number, line, error.messages[0])}
                                  ) from error
        findings = (rules.check_period_start(period)
                    or rules.check_target_value(indicator, value))[:1]
        rules.refuse(replace(finding, field="trajectory",
                             message=_on_line(number, line, finding.message))
                     for finding in findings)
        points.append((period, value))
    return points


def _on_line(number: int, line: str, message: str) -> str:
    return f"Line {number} (“{line.strip()}”): {message}"


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
    return period, value


@transaction.atomic
def save_target(actor: Actor, target: Target, *, trajectory_text: str) -> Target:
    indicator = target.indicator
    start = _period(target.valid_from, indicator, "valid_from")
    end = _period(target.valid_to, indicator, "valid_to")
    target.valid_from = start.key if start else ""
    target.valid_to = end.key if end else ""
    target.valid_from_start = start.start if start else None
    target.valid_to_end = end.end if end else None
    rules.refuse(rules.check_target(indicator, value=target.value, tolerance=target.tolerance,
                                    tolerance_kind=target.tolerance_kind))
    points = parse_trajectory(trajectory_text, indicator) if trajectory_text.strip() else []
    rules.refuse(rules.check_target_shape(has_value=target.value is not None,
                                          has_trajectory=bool(points)))
    rules.refuse(rules.check_target_span(start, end))
    actor.stamp(target)
    target.save()
    history_writes.delete_each(actor, target.points.all())
    for period, value in points:
        point = TargetPoint(target=target, period=period.key, period_start=period.start,
                            value=value)
        actor.stamp(point)
        point.save()
    actor.event(indicator.partnership, "target_set",
                f"{target.get_level_display()} target set for {indicator.code}", target)
    status.refresh([indicator])
    return target


COMMENTARY_WORDS = ("what_it_shows", "why", "actions")


def _is_editor(actor: Actor, indicator: Indicator) -> bool:
    if actor.is_operator:
        return True
    access = access_for(actor.user, indicator.partnership) if actor.user else None
    return access is not None and access.can_edit


def _refuse_unless_editor_shows(actor: Actor, indicator: Indicator, *, changes: bool) -> None:
    """Rule "commentary_public_by_editor", for a person (an operator may do anything)."""
    if changes:
        rules.refuse(rules.check_commentary_public_by_editor(
            changes=changes, is_editor=_is_editor(actor, indicator)))


@transaction.atomic
def save_commentary(actor: Actor, indicator: Indicator, period: Period, fields: dict, *,
                    loaded_version: LoadedVersion) -> Commentary:
    """Write the commentary for `period`, refusing to overwrite one saved since
    `loaded_version` (0: there was none when the page was loaded). `fields` may hold
    `is_public`; only an editor changes it (rule "commentary_public_by_editor"), and a
    commentary written without it keeps whether it is shown (a new one is not).

    When someone who is not an editor changes the words of commentary an editor made public,
    it stops being public (history keeps who changed it): else the new words would reach the
    public pages at the next publishing with no editor having read them. The returned
    commentary's ``public_withdrawn`` is then True, so the page can say so."""
    rules.refuse(rules.check_commentary(fields))
    commentary = Commentary.objects.filter(indicator=indicator, period=period.key).first()
    if commentary is not None:
        claim_version(commentary, loaded_version)
    else:
        commentary = Commentary(indicator=indicator, period=period.key,
                                period_start=period.start)
    if "is_public" in fields:
        _refuse_unless_editor_shows(actor, indicator,
                                    changes=bool(fields["is_public"]) != commentary.is_public)
    was_public = commentary.pk is not None and commentary.is_public
    before = {name: getattr(commentary, name) for name in COMMENTARY_WORDS}
    for name, value in fields.items():
        setattr(commentary, name, value)
    reworded = any(getattr(commentary, name) != before[name] for name in COMMENTARY_WORDS)
    commentary.public_withdrawn = (was_public and reworded and commentary.is_public
                                   and not _is_editor(actor, indicator))
    if commentary.public_withdrawn:
        commentary.is_public = False
    commentary.author = actor.user
    actor.stamp(commentary)
    with refusing_a_racing_create(Commentary, indicator=indicator, period=period.key):
        commentary.save()
    actor.event(indicator.partnership, "commentary_added",
                f"Commentary on {indicator.code} for {period.label}", commentary)
    return commentary


@transaction.atomic
def add_annotation(actor: Actor, indicator: Indicator, period: Period, *, text: str,
                   is_rebase: bool) -> Annotation:
    annotation = Annotation(indicator=indicator, period=period.key, period_start=period.start,
                            text=text, is_rebase=is_rebase, author=actor.user)
    actor.stamp(annotation)
    annotation.save()
    kind = "Limits recalculated" if is_rebase else "Note added"
    actor.event(indicator.partnership, "chart_annotated",
                f"{kind} on {indicator.code} at {period.label}: {text}", annotation)
    if is_rebase:
        status.refresh([indicator])
    return annotation
