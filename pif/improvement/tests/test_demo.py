"""The improvement demo: a realistic action plan, three projects with PDSA ramps, and changes
marked on real-data charts, all marked as illustrative."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from pif.improvement import demo as improvement_demo
from pif.improvement import models as m
from pif.measures.demo import REAL_DATA
from pif.measures.models import Annotation, Indicator, Observation
from pif.partnerships import demo
from pif.partnerships.models import Partnership

pytestmark = pytest.mark.django_db


def _others(steps) -> list:
    """The demo's steps without this one (whether or not it is registered yet)."""
    return [step for step in steps if step is not improvement_demo.load]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """Build the demo once for the module, inside a transaction rolled back at the end: the
    other apps' steps through `demo.load`, then this step, called directly."""
    with django_db_blocker.unblock(), transaction.atomic():
        with mock.patch.object(demo, "_steps", _others(demo._steps)):
            partnership = demo.load(reset=True)
        users = {m.role: m.user for m in partnership.memberships.select_related("user")}
        improvement_demo.load(partnership, users)
        yield partnership
        transaction.set_rollback(True)


@pytest.fixture
def loaded(built, db):
    return built


def test_the_action_plan_has_every_status_source_and_state(loaded):
    actions = m.Action.objects.filter(partnership=loaded)
    today = timezone.localdate()
    assert actions.count() >= 30
    assert set(actions.values_list("status", flat=True)) == set(m.ActionStatus.values)
    sources = set(actions.values_list("source", flat=True))
    assert sources >= set(m.ActionSource.values) - {m.ActionSource.OTHER}
    assert actions.overdue(today).count() >= 2
    assert actions.stale(today, 60).count() >= 3
    assert actions.filter(is_ongoing=True, due_date__isnull=True).count() >= 2
    for action in actions.prefetch_related("updates", "risks", "milestones"):
        updates = list(action.updates.all())
        assert 1 <= len(updates) <= 4, action
        assert action.last_progress_on == max(u.written_on for u in updates), action
        assert improvement_demo.ILLUSTRATIVE in action.description, action
        if action.source == m.ActionSource.RISK_TREATMENT:
            assert action.risks.exists(), action
        if action.source in (m.ActionSource.AUDIT, m.ActionSource.SELF_ASSESSMENT,
                             m.ActionSource.MEETING, m.ActionSource.STAFF_SURVEY):
            assert action.source_detail and "{" not in action.source_detail, action
        if action.status == m.ActionStatus.COMPLETE:
            assert action.completed_on and action.completion_evidence and (
                action.percent_complete == 100), action
    assert actions.filter(milestones__isnull=False).distinct().count() >= 20
    signed = actions.filter(status="complete", signed_off_by__isnull=False,
                            signed_off_on__isnull=False).exclude(completion_evidence="")
    assert signed.count() >= 2
    assert actions.filter(outcomes__isnull=False).distinct().count() >= 20
    assert actions.filter(indicators__isnull=False).distinct().count() >= 10
    # History says the demo made them.
    assert m.Action.history.filter(partnership=loaded).count() >= actions.count()


def test_statuses_are_the_latest_updates_and_any_override_says_why(loaded):
    for action in m.Action.objects.filter(partnership=loaded).exclude(
            status__in=m.CLOSED_STATUSES).prefetch_related("updates"):
        latest = max(action.updates.all(), key=lambda u: (u.written_on, u.pk))
        assert (action.status, action.percent_complete) == (
            latest.status, latest.percent_complete), action
        assert bool(action.status_reason) == action.status_overridden, action
    deferred = m.Action.objects.filter(partnership=loaded, status="deferred")
    assert deferred.exists() and all(a.status_reason for a in deferred)
    cancelled = m.Action.objects.filter(partnership=loaded, status="cancelled")
    assert cancelled.exists() and all(a.status_reason for a in cancelled)


def test_three_projects_with_twelve_cycles_in_ramps(loaded):
    projects = m.Project.objects.filter(partnership=loaded)
    assert sorted(projects.values_list("status", flat=True)) == [
        "active", "complete", "registered"]
    assert all(p.driver_diagram_id and p.team and p.aim_what for p in projects)
    assert all(improvement_demo.ILLUSTRATIVE in p.background for p in projects)
    registered = projects.get(status="registered")
    assert registered.approved_by is None and registered.registered_by is not None
    for project in projects.exclude(status="registered"):
        kinds = set(project.measures.values_list("kind", flat=True))
        assert kinds == {"outcome", "process", "balancing"}, project
        assert project.approved_by and project.approved_on
    cycles = m.PdsaCycle.objects.filter(project__partnership=loaded)
    assert cycles.count() == 12
    assert set(cycles.exclude(decision="").values_list("decision", flat=True)) == {
        "adopt", "adapt", "abandon"}
    assert {c.stage for c in cycles} >= {"Complete", "Do", "Study"}
    ramps = 0
    for idea in m.ChangeIdea.objects.filter(project__partnership=loaded):
        ramp = list(idea.cycles.order_by("start_date"))
        if not ramp:
            continue
        ramps += 1
        assert ramp[0].follows is None
        assert [c.follows for c in ramp[1:]] == ramp[:-1], idea
        assert all(c.scale for c in ramp)
        assert idea.driver_node and idea.driver_node.diagram_id == idea.project.driver_diagram_id
    assert ramps == 4
    assert cycles.filter(start_date__gt=timezone.localdate()).count() == 0
    verdicts = m.Verdict.objects.filter(partnership=loaded)
    for cycle in cycles.filter(completed_on__isnull=False):
        assert verdicts.filter(cycle=cycle, judged_on=cycle.completed_on).exists(), cycle
    for action in m.Action.objects.filter(partnership=loaded, status="complete",
                                          indicators__isnull=False).distinct():
        assert verdicts.filter(action=action, judged_on=action.completed_on).exists(), action
    scores = m.ProgressScore.objects.filter(project__partnership=loaded)
    assert scores.count() >= 8
    assert all(s.score * 2 == int(s.score * 2) for s in scores)
    assert set(scores.values_list("scale_version", flat=True)) == {
        improvement_demo.scale_version()}


def test_changes_are_linked_to_real_data_charts_within_their_data(loaded):
    real = Indicator.objects.filter(partnership=loaded, data_source__contains=REAL_DATA)
    with_changes = set()
    for indicator in real:
        periods = Observation.objects.filter(indicator=indicator, breakdown__isnull=True)
        if not periods.exists():
            continue
        first = min(periods.values_list("period_start", flat=True))
        last = max(periods.values_list("period_start", flat=True))
        dates = [c.start_date for c in indicator.pdsa_cycles.all()]
        dates += [a.completed_on or a.start_date for a in indicator.actions.all()]
        dates += [c.start_date for p in indicator.project_measures.all()
                  for c in p.project.cycles.all()]
        if any(first <= d <= last + datetime.timedelta(days=31) for d in dates):
            with_changes.add(indicator.code)
    assert len(with_changes) >= 3, with_changes
    rebases = Annotation.objects.filter(indicator__partnership=loaded, is_rebase=True,
                                        text__icontains="illustrative")
    assert rebases.count() == 1
    assert rebases.get().indicator.code in with_changes
    assert loaded.events.filter(verb="chart_annotated").exists()


def test_the_demo_command_loads_it_and_runs_clean_twice(monkeypatch):
    # Last in the module: it reloads the demo, inside the test's own rolled-back transaction.
    monkeypatch.setattr(demo, "_steps", [*_others(demo._steps), improvement_demo.load])
    out = StringIO()
    call_command("demo", "--no-serve", "--reset", stdout=out)
    partnership = Partnership.objects.get(short_name=demo.SHORT_NAME)
    count = m.Action.objects.filter(partnership=partnership).count()
    assert count >= 30
    assert m.PdsaCycle.objects.filter(project__partnership=partnership).count() == 12
    call_command("demo", "--no-serve", stdout=out)
    assert "already loaded" in out.getvalue()
    assert m.Action.objects.filter(partnership__short_name=demo.SHORT_NAME).count() == count
    assert m.Project.objects.filter(partnership__short_name=demo.SHORT_NAME).count() == 3
