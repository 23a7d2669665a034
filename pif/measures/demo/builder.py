"""The builder that creates the measures demo's indicators, data, targets and commentary."""

import random
from datetime import date

from pif.actors import Actor
from pif.lib.periods import Period
from pif.measures.collection import is_overdue
from pif.measures.demo.commentary import _what_it_shows
from pif.measures.demo.common import ILLUSTRATIVE_NOTE, ILLUSTRATIVE_SOURCE, TAGS
from pif.measures.demo.generate import _generate
from pif.measures.demo.open_data import _OpenData
from pif.measures.demo.periods import _periods_ending, latest_period
from pif.measures.demo.spec_types import Spec, TargetSpec
from pif.measures.models import (
    Annotation,
    Breakdown,
    Commentary,
    Indicator,
    IndicatorStatus,
    Tag,
    Target,
    TargetPoint,
)
from pif.measures.writing import ObservationInput, write_observations
from pif.partnerships.demo import demo_actor
from pif.partnerships.models import Organisation

# --- building --------------------------------------------------------------------------------

class _Builder(_OpenData):
    def __init__(self, partnership, users: dict, today: date):
        self.partnership = partnership
        self.users = {str(role): user for role, user in users.items()}
        self.today = today
        self.editor = self.users.get("editor") or self.users.get("admin")
        self.contributor = self.users.get("contributor") or self.editor
        self.organisations = {o.short_code: o for o in
                              Organisation.objects.filter(partnership=partnership)}
        self.tags = {}
        for name, group in TAGS:
            tag = Tag.objects.filter(partnership=partnership, name=name).first()
            if tag is None:
                tag = self.stamp(Tag(partnership=partnership, name=name, group=group))
                tag.save()
            self.tags[name] = tag
        self.approved: list[ObservationInput] = []
        self.real: list[ObservationInput] = []
        self.unapproved: list[ObservationInput] = []
        # (indicator, why, actions, author role, what it shows or None to describe the data)
        self.commentary: list[tuple[Indicator, str, str, str, str | None]] = []
        self.indicators: list[Indicator] = []

    # -- small helpers --

    def organisation(self, code: str) -> Organisation:
        if code in self.organisations:
            return self.organisations[code]
        # A partnership without the demo organisations: fall back to the first one.
        return next(iter(self.organisations.values()))

    def actor(self, user=None) -> Actor:
        """The demo's changes are made by its editor (or `user`), through the demo."""
        return demo_actor(user or self.editor)

    def stamp(self, obj, user=None):
        self.actor(user).stamp(obj)
        return obj

    def indicator(self, *, code, title, definition, owner, frequency, unit, improvement,
                  tags=(), lead="", **fields) -> Indicator:
        indicator = Indicator(partnership=self.partnership, code=code, title=title,
                              definition=definition, owner=self.organisation(owner),
                              frequency=frequency, unit=unit, improvement=improvement,
                              lead=self.users.get(lead) if lead else None, **fields)
        self.stamp(indicator).save()
        indicator.tags.set([self.tags[name] for name in tags])
        self.indicators.append(indicator)
        return indicator

    def target(self, indicator: Indicator, spec: TargetSpec, periods: list[Period]) -> None:
        latest = periods[-1]

        def back(n: int) -> Period:
            period = latest
            for _ in range(abs(n)):
                period = period.previous() if n > 0 else period.next()
            return period

        start = back(spec.from_back) if spec.from_back is not None else None
        end = back(spec.to_back) if spec.to_back is not None else None
        target = Target(indicator=indicator, level=spec.level, value=spec.value,
                        valid_from=start.key if start else "",
                        valid_from_start=start.start if start else None,
                        valid_to=end.key if end else "", valid_to_end=end.end if end else None,
                        tolerance=spec.tolerance, tolerance_kind=spec.kind, source=spec.source)
        self.stamp(target).save()
        for n, value in spec.trajectory:
            period = back(n)
            self.stamp(TargetPoint(target=target, period=period.key, period_start=period.start,
                                   value=value)).save()

    def annotate(self, indicator: Indicator, period: Period, text: str, rebase: bool = False,
                 user=None) -> None:
        self.stamp(Annotation(indicator=indicator, period=period.key, period_start=period.start,
                              text=text, is_rebase=rebase, author=user or self.editor),
                   user).save()

    def breakdown(self, name: str, kind: str, family_group: str = "") -> Breakdown:
        breakdown = Breakdown.objects.filter(partnership=self.partnership, name=name).first()
        if breakdown is None:
            breakdown = self.stamp(Breakdown(partnership=self.partnership, name=name,
                                             kind=kind, family_group=family_group))
            breakdown.save()
        elif family_group and breakdown.family_group != family_group:
            breakdown.family_group = family_group
            self.stamp(breakdown).save()
        return breakdown

    # -- illustrative indicators --

    def illustrative(self, spec: Spec, rng: random.Random) -> None:
        note = ILLUSTRATIVE_NOTE
        if spec.overdue:
            note += " The latest figures have deliberately been left out, so it shows as overdue."
        indicator = self.indicator(
            code=spec.code, title=spec.title, definition=spec.definition, owner=spec.owner,
            frequency=spec.frequency, unit=spec.unit, improvement=spec.improvement,
            tags=spec.tags, lead=spec.lead, rate_per=spec.rate_per, decimals=spec.decimals,
            data_source=ILLUSTRATIVE_SOURCE, quality_note=note,
            measure_kind=spec.measure_kind, rba_kind=spec.rba_kind,
            chart_type=spec.chart_type, published=spec.published, due_days=spec.due_days)
        latest = latest_period(spec.frequency, self.today)
        periods = _periods_ending(latest, spec.periods)
        data = _generate(spec, rng, periods)
        keep = len(periods)
        if spec.overdue:  # leave out the latest figures until the next one is overdue
            keep -= 1
            while keep > 1 and not is_overdue(indicator, periods[keep - 1].key, self.today):
                keep -= 1
        if spec.baseline_back is not None:
            indicator.baseline_period = periods[-1 - spec.baseline_back].key
            indicator.save(update_fields=["baseline_period"])
        for target in spec.targets:
            self.target(indicator, target, periods)
        shift_label = (periods[data.shift_index].label if data.shift_index is not None
                       else "")
        for where, text, rebase in spec.annotations:
            index = data.shift_index if where == "shift" else len(periods) - 1 - where
            self.annotate(indicator, periods[index], text, rebase)
        missing = {len(periods) - 1 - back: (code, state, text)
                   for back, code, state, text in spec.missing}
        estimated = {len(periods) - 1 - back: text for back, text in spec.estimated}
        for i in range(keep):
            value, state, note_text, code = data.values[i], "provisional", "", ""
            numerator, denominator = data.numerators[i], data.denominators[i]
            if i in missing:
                code, state, note_text = missing[i]
                value = numerator = denominator = None
            elif i in estimated:
                state, note_text = "estimated", estimated[i]
            row = ObservationInput(indicator=indicator, period=periods[i], value=value,
                                   numerator=numerator, denominator=denominator,
                                   missing_code=code, status=state, note=note_text)
            (self.unapproved if i >= keep - spec.unapproved else self.approved).append(row)
        if spec.why:
            self.commentary.append((indicator, spec.why.format(shift_label=shift_label),
                                    spec.actions, "contributor" if spec.owner == "NHSLA"
                                    else "editor", None))

    # -- writing --

    def write(self) -> None:
        if self.real:
            write_observations(self.actor(), self.real, approve=True,
                               partnership=self.partnership,
                               source="real open data files (OGL v3.0) shipped with the demo")
        if self.approved:
            write_observations(self.actor(), self.approved, approve=True,
                               partnership=self.partnership, source="illustrative demo figures")
        if self.unapproved:
            write_observations(self.actor(self.contributor), self.unapproved, approve=False,
                               partnership=self.partnership)

    def write_commentary(self) -> None:
        statuses = IndicatorStatus.objects.in_bulk([i.pk for i, *_ in self.commentary])
        for indicator, why, actions, role, what in self.commentary:
            state = statuses.get(indicator.pk)
            if state is None or not state.latest_period:
                continue
            period = Period.from_key(state.latest_period)
            author = self.users.get(role) or self.editor
            text = what or _what_it_shows(indicator, state)
            self.stamp(Commentary(indicator=indicator, period=period.key,
                                  period_start=period.start, what_it_shows=text, why=why,
                                  actions=actions, author=author), author).save()
