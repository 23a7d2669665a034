"""The report services: each rule refused, history naming the person, the events written,
a stale change refused, and a signed-off or published report kept as it was."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE, EditConflict
from pif.measures.testing import make_indicator
from pif.outcomes.models import Outcome
from pif.partnerships.models import Event
from pif.reports import kinds
from pif.reports.models import Audience, Report, ReportCorrection, ReportState
from pif.reports.rules import reports as rules
from pif.reports.services import reports as services
from pif.reports.testing import narrative_kind

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 10, 31)


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


@pytest.fixture
def indicators(world):
    # Published, so a report on them may be for the public too.
    return [make_indicator(world.partnership, owner=world.council, code=f"IND-{n}",
                           values=[50 + n, 52, 51, 55], published=True) for n in range(3)]


@pytest.fixture
def editor(world):
    return Actor(world.editor)


def board(world, editor, **fields):
    fields.setdefault("as_of", AS_OF)
    return services.create_report(editor, world.partnership, kind="board", **fields)


def annual(world, editor, **fields):
    fields.setdefault("as_of", AS_OF)
    return services.create_report(editor, world.partnership, kind=narrative_kind(), **fields)


def required_keys(kind):
    return [s.key for s in kinds.TEMPLATES[kind].narrative_sections if s.required]


def test_a_report_is_built_kept_and_named_in_history_and_events(world, indicators, editor):
    report = board(world, editor)
    assert report.state == ReportState.DRAFT and report.created_by == world.editor
    assert report.title == "Board report, 31 October 2026"
    assert report.content["kind"] == "board" and report.content["as_of"] == "2026-10-31"
    assert report.built_at is not None
    assert Report.history.latest().history_user == world.editor
    event = Event.objects.get(verb="report_built")
    assert event.actor == world.editor and "31 October 2026" in event.description


@pytest.mark.parametrize(("fields", "rule"), [
    ({"kind": "no-such-kind"}, "report_kind_known"),
    ({"as_of": datetime.date(2999, 1, 1)}, "report_as_of"),
    ({"as_of": datetime.date(1899, 12, 31)}, "report_as_of"),
    ({"title": "x" * 201}, "report_title"),
])
def test_a_new_report_breaking_a_rule_is_refused(world, indicators, editor, fields, rule):
    fields = {"kind": "board", "as_of": AS_OF, **fields}
    with pytest.raises(ValidationError) as refused:
        services.create_report(editor, world.partnership, **fields)
    assert rule in codes(refused.value)
    assert not Report.objects.exists()


def test_a_report_as_of_tomorrow_is_refused_but_today_is_not(world, indicators, editor):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        board(world, editor, as_of=today + datetime.timedelta(days=1))
    assert board(world, editor, as_of=today).as_of == today


def test_a_report_with_no_indicators_is_refused_plainly(world, editor):
    with pytest.raises(ValidationError) as refused:
        board(world, editor)
    assert "report_has_indicators" in codes(refused.value)
    assert "no indicators to report on" in str(refused.value)


def test_outcomes_holding_no_indicators_are_refused(world, indicators, editor):
    empty = Outcome.objects.create(partnership=world.partnership, level=2, title="Empty")
    with pytest.raises(ValidationError) as refused:
        board(world, editor, options={"outcomes": [empty.pk]})
    assert "report_has_indicators" in codes(refused.value)
    full = Outcome.objects.create(partnership=world.partnership, level=2, title="Full")
    full.indicators.add(indicators[0])
    assert board(world, editor, options={"outcomes": [full.pk]}).options["outcomes"] == [
        full.pk]


def test_another_partnerships_indicator_is_refused(world, indicators, editor):
    theirs = make_indicator(world.other_partnership, owner=world.other_council, code="B-1")
    with pytest.raises(ValidationError):
        board(world, editor, options={"indicators": [theirs.pk]})
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "contributor"])
def test_only_editors_make_and_change_reports(world, indicators, editor, role):
    actor = Actor(world.users[role])
    with pytest.raises(ValidationError) as refused:
        board(world, actor)
    assert "report_role" in codes(refused.value)
    report = board(world, editor)
    for change in (lambda: services.rebuild_report(actor, report, loaded_version=1),
                   lambda: services.sign_off(actor, report, loaded_version=1),
                   lambda: services.delete_report(actor, report)):
        with pytest.raises(ValidationError):
            change()
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and report.version == 1


def test_an_outsider_cannot_make_a_report_on_another_partnership(world, indicators):
    with pytest.raises(ValidationError):
        board(world, Actor(world.outsider))


def test_a_rebuild_keeps_the_words_and_a_stale_one_is_refused(world, indicators, editor):
    report = annual(world, editor)
    key = kinds.TEMPLATES[report.kind].narrative_sections[0].key
    services.set_narrative(editor, report, section_key=key, text="We met 12 groups.",
                           loaded_version=1)
    services.rebuild_report(editor, report, loaded_version=2)
    report.refresh_from_db()
    assert report.narrative[key] == "We met 12 groups." and report.version == 3
    texts = [s.get("text") for s in report.content["sections"] if s.get("key") == key]
    assert texts == ["We met 12 groups."]
    with pytest.raises(EditConflict):
        services.rebuild_report(editor, report, loaded_version=2)


def test_words_change_only_their_section_without_building_again(world, indicators, editor,
                                                                monkeypatch):
    report = annual(world, editor)
    before = report.content
    key = kinds.TEMPLATES[report.kind].narrative_sections[0].key
    monkeypatch.setattr(kinds, "build", lambda *a, **k: pytest.fail("built again"))
    services.set_narrative(editor, report, section_key=key, text="  Words.  ",
                           loaded_version=report.version)
    report.refresh_from_db()
    changed = [s for s in report.content["sections"] if s.get("key") == key]
    assert changed[0]["text"] == "Words."
    others = [s for s in report.content["sections"] if s.get("key") != key]
    assert others == [s for s in before["sections"] if s.get("key") != key]
    assert Report.history.latest().history_user == world.editor


def test_words_for_an_unknown_section_are_refused(world, indicators, editor):
    report = annual(world, editor)
    with pytest.raises(ValidationError) as refused:
        services.set_narrative(editor, report, section_key="no-such", text="x",
                               loaded_version=1)
    assert "report_section_known" in codes(refused.value)


def test_an_internal_report_is_signed_off_and_then_kept(world, indicators, editor):
    report = board(world, editor)
    services.sign_off(editor, report, loaded_version=1)
    report.refresh_from_db()
    assert report.state == ReportState.SIGNED_OFF and report.signed_off_by == world.editor
    assert report.published_at is None
    assert Event.objects.filter(verb="report_signed_off", actor=world.editor).exists()
    for change in (lambda: services.rebuild_report(editor, report, loaded_version=2),
                   lambda: services.delete_report(editor, report),
                   lambda: services.sign_off(editor, report, loaded_version=2)):
        with pytest.raises(ValidationError):
            change()
    with pytest.raises(ValidationError) as refused:
        services.correct(editor, report, reason="Wrong", loaded_version=2)
    assert "report_correction" in codes(refused.value)
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_public_report_needs_its_required_words_then_is_published(world, indicators,
                                                                     editor):
    kind = next((k for k, t in kinds.TEMPLATES.items()
                 if any(s.required for s in t.narrative_sections)), None)
    if kind is None:
        pytest.skip("no kind has a required section")
    report = services.create_report(editor, world.partnership, kind=kind, as_of=AS_OF,
                                    audience=Audience.PUBLIC)
    with pytest.raises(ValidationError) as refused:
        services.sign_off(editor, report, loaded_version=1)
    assert "report_narrative_written" in codes(refused.value)
    version = report.version
    for key in required_keys(kind):
        report = services.set_narrative(editor, report, section_key=key, text="Done.",
                                        loaded_version=version)
        version = report.version
    services.sign_off(editor, report, loaded_version=version)
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.published_at is not None
    assert Event.objects.filter(verb="report_published", actor=world.editor).exists()


def test_a_public_report_is_not_signed_off_by_the_command_line(world, indicators, editor):
    report = board(world, editor, audience=Audience.PUBLIC)
    with pytest.raises(ValidationError) as refused:
        services.sign_off(COMMAND_LINE, report, loaded_version=PROGRAM_CHANGE)
    assert "report_sign_off" in codes(refused.value)
    internal = board(world, editor)
    services.sign_off(COMMAND_LINE, internal, loaded_version=PROGRAM_CHANGE)
    assert internal.state == ReportState.SIGNED_OFF


def published(world, editor):
    report = board(world, editor, audience=Audience.PUBLIC)
    return services.sign_off(editor, report, loaded_version=report.version)


def test_a_published_report_changes_only_by_a_correction_with_a_reason(world, indicators,
                                                                        editor):
    report = published(world, editor)
    for change in (lambda: services.rebuild_report(editor, report, loaded_version=2),
                   lambda: services.delete_report(editor, report)):
        with pytest.raises(ValidationError) as refused:
            change()
        assert "report_draft_only" in codes(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.correct(editor, report, reason="  ", loaded_version=report.version)
    assert "report_correction" in codes(refused.value)
    assert not ReportCorrection.objects.exists()


def test_a_correction_keeps_what_it_said_and_says_why(world, indicators, editor):
    report = published(world, editor)
    before = report.content
    correction = services.correct(editor, report, reason="March figure corrected",
                                  loaded_version=report.version)
    assert correction.previous_content == before and correction.made_by == world.editor
    assert ReportCorrection.history.latest().history_user == world.editor
    report.refresh_from_db()
    assert report.state == ReportState.PUBLISHED and report.as_of == AS_OF
    event = Event.objects.get(verb="report_corrected")
    assert "March figure corrected" in event.description and event.actor == world.editor
    with pytest.raises(EditConflict):
        services.correct(editor, report, reason="Again", loaded_version=2)


def test_a_draft_is_deleted_with_history(world, indicators, editor):
    report = board(world, editor)
    services.delete_report(editor, report)
    assert not Report.objects.exists()
    assert Report.history.latest().history_type == "-"
    assert Report.history.latest().history_user == world.editor


def test_the_rules_issue_no_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert rules.check_as_of(datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)) == ()
        assert rules.check_draft("published", "rebuild")[0].rule == "report_draft_only"
        assert rules.check_may_sign_off(state="draft", audience="public",
                                        signer_is_editor=True,
                                        missing_sections=["Participation"])[0].rule == (
            "report_narrative_written")
        assert rules.check_has_indicators(0)[0].rule == "report_has_indicators"
        assert rules.check_has_indicators(1) == ()
