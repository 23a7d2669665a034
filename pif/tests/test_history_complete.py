"""Nothing is lost from history: bulk changes, on-delete cascades and many-to-many links are
all kept, with who made them (issue 9, section 5; docs/adr/0005-complete-history.md).

The last tests here guard the mechanism: they fail on any `.update()` or queryset `.delete()`
of a tracked model's rows outside pif/history_writes.py, on any foreign key of a tracked
model that would change rows without history, and on any many-to-many link of a tracked
model that history skips, in every app, including apps added later.
"""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import RestrictedError
from django.test.utils import CaptureQueriesContext

from pif import history_writes
from pif.actors import COMMAND_LINE, Actor
from pif.editing import PROGRAM_CHANGE
from pif.measures import services as measures_services
from pif.measures.models import Indicator, Target, TargetPoint
from pif.measures.testing import make_indicator
from pif.outcomes import models as m
from pif.outcomes.services import conditions
from pif.outcomes.services import outcomes as outcome_service
from pif.outcomes.testing import make_diagram, make_group, make_outcome, make_risk
from pif.partnerships import services

HISTORY_URL = "/p/alpha/history/"


def editor(world) -> Actor:
    return Actor(user=world.editor)


def latest(row):
    return type(row).history.filter(id=row.pk).latest("history_id")


def make_resource(world, outcome) -> m.Resource:
    return m.Resource.objects.create(partnership=world.partnership, organisation=world.council,
                                     outcome=outcome, kind="money", amount=1000,
                                     financial_year=2026)


def newest_change(client, world, **query):
    client.force_login(world.viewer)
    return client.get(HISTORY_URL, query).context["changes"][0]


# Deleting an outcome


@pytest.mark.django_db
def test_resources_moved_when_an_outcome_is_deleted_are_in_history(world):
    doomed = make_outcome(world.partnership, "Old priority")
    new_home = make_outcome(world.partnership, "New priority")
    resource = make_resource(world, doomed)
    outcome_service.delete_outcome(editor(world), doomed, move_to=new_home)
    record = latest(resource)
    assert (record.history_type, record.outcome_id, record.history_user) == (
        "~", new_home.pk, world.editor)
    assert record.history_change_reason == "Outcome “Old priority” was deleted"


@pytest.mark.django_db
def test_resources_left_without_an_outcome_when_it_is_deleted_are_in_history(world):
    doomed = make_outcome(world.partnership, "Old priority")
    resource = make_resource(world, doomed)
    outcome_service.delete_outcome(editor(world), doomed)
    record = latest(resource)
    assert (record.outcome_id, record.history_user) == (None, world.editor)
    resource.refresh_from_db()
    assert resource.outcome is None


@pytest.mark.django_db
def test_indicators_moved_when_an_outcome_is_deleted_name_the_person(world):
    doomed = make_outcome(world.partnership, "Old priority")
    new_home = make_outcome(world.partnership, "New priority")
    doomed.indicators.add(world.sample_indicator())
    outcome_service.delete_outcome(editor(world), doomed, move_to=new_home, indicators="move")
    record = latest(new_home)
    assert record.history_user == world.editor
    assert [link.indicator_id for link in record.indicators.all()] == [
        world.sample_indicator().pk]


@pytest.mark.django_db
def test_driver_diagram_links_to_a_deleted_outcome_are_emptied_in_history(world):
    doomed = make_outcome(world.partnership, "Old priority")
    diagram = make_diagram(world.partnership, outcome=doomed)
    node = m.DriverNode.objects.create(diagram=diagram, kind="primary", title="Assessment",
                                       outcome=doomed)
    outcome_service.delete_outcome(editor(world), doomed)
    for row in (diagram, node):
        record = latest(row)
        assert (record.outcome_id, record.history_user) == (None, world.editor)


@pytest.mark.django_db
def test_groups_and_risks_overseeing_a_deleted_outcome_lose_it_in_history(client, world):
    doomed = make_outcome(world.partnership, "Old priority")
    kept = make_outcome(world.partnership, "Kept priority")
    group = make_group(world.partnership)
    group.outcomes.set([doomed, kept])
    risk = make_risk(world.partnership, world.council)
    risk.outcomes.set([doomed])
    outcome_service.delete_outcome(editor(world), doomed)
    group_record, risk_record = latest(group), latest(risk)
    assert group_record.history_user == world.editor
    assert [link.outcome_id for link in group_record.outcomes.all()] == [kept.pk]
    assert (risk_record.history_user, list(risk_record.outcomes.all())) == (world.editor, [])
    change = newest_change(client, world, kind="outcomes.group")
    assert (change.who, change.action, change.label) == ("Editor", "Changed",
                                                         "Community Planning Board")
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("Outcomes it oversees", "Kept priority, Old priority (since deleted)",
         "Kept priority")]
    assert change.reason == "Outcome “Old priority” was deleted"


@pytest.mark.django_db
def test_links_on_the_strategy_map_deleted_with_an_outcome_name_the_person(world):
    doomed = make_outcome(world.partnership, "Old priority")
    other = make_outcome(world.partnership, "Other priority")
    link = m.OutcomeLink.objects.create(partnership=world.partnership, cause=doomed,
                                        effect=other)
    outcome_service.delete_outcome(editor(world), doomed)
    record = latest(link)
    assert (record.history_type, record.history_user) == ("-", world.editor)
    assert record.history_change_reason == "Deleted with outcome “Old priority”"


# Deleting a locality, a group, a driver diagram, an organisation


@pytest.mark.django_db
def test_outcomes_of_a_deleted_locality_are_emptied_in_history(client, world):
    locality = m.Locality.objects.create(partnership=world.partnership, name="Townhead")
    outcome = make_outcome(world.partnership, "Safer streets", locality=locality)
    conditions.remove(editor(world), locality)
    record = latest(outcome)
    assert (record.locality_id, record.history_user) == (None, world.editor)
    change = newest_change(client, world, kind="outcomes.outcome")
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("Locality", "Townhead (since deleted)", "(blank)")]
    assert change.reason == "Locality “Townhead” was deleted"


@pytest.mark.django_db
def test_groups_reporting_to_a_deleted_group_are_emptied_in_history(world):
    board = make_group(world.partnership, "Board")
    delivery = make_group(world.partnership, "Delivery group", reports_to=board)
    chair = m.GroupMember.objects.create(group=board, name="Chair")
    conditions.remove(editor(world), board)
    record = latest(delivery)
    assert (record.reports_to_id, record.history_user) == (None, world.editor)
    assert record.history_change_reason == "Governance group “Board” was deleted"
    delivery.refresh_from_db()
    assert delivery.reports_to is None
    removed = latest(chair)
    assert (removed.history_type, removed.history_user, removed.history_change_reason) == (
        "-", world.editor, "Deleted with governance group “Board”")


@pytest.mark.django_db
def test_entries_deleted_with_a_driver_diagram_name_the_person(world):
    diagram = make_diagram(world.partnership)
    primary = m.DriverNode.objects.create(diagram=diagram, kind="primary", title="Assessment")
    secondary = m.DriverNode.objects.create(diagram=diagram, kind="secondary", parent=primary,
                                            title="Falls clinic")
    conditions.remove(editor(world), diagram)
    for node in (primary, secondary):
        record = latest(node)
        assert (record.history_type, record.history_user) == ("-", world.editor)


@pytest.mark.django_db
def test_changed_driver_diagram_links_are_in_history_with_the_person(client, world):
    diagram = make_diagram(world.partnership)
    node = m.DriverNode.objects.create(diagram=diagram, kind="primary", title="Assessment")
    node.indicator = world.sample_indicator()
    node.outcome = make_outcome(world.partnership, "Fewer falls")
    conditions.save(editor(world), node,
                    loaded_version=PROGRAM_CHANGE)
    change = newest_change(client, world, kind="outcomes.drivernode")
    assert change.who == "Editor"
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("Outcome", "(blank)", "Fewer falls"),
        ("Indicator", "(blank)", "AE-4HR Indicator AE-4HR")]


@pytest.mark.django_db
def test_a_removed_organisation_is_emptied_from_outcomes_and_group_members(world):
    police = services.add_organisation(Actor(user=world.admin), world.partnership,
                                       name="Alpha Police", kind="police", short_code="AP")
    outcome = make_outcome(world.partnership, "Safer streets", lead_organisation=police)
    member = m.GroupMember.objects.create(group=make_group(world.partnership),
                                          name="Chief Constable", organisation=police)
    services.remove_organisation(Actor(user=world.admin), police)
    for row, field in ((outcome, "lead_organisation_id"), (member, "organisation_id")):
        record = latest(row)
        assert (getattr(record, field), record.history_user) == (None, world.admin)


@pytest.mark.django_db
def test_a_refused_organisation_removal_changes_nothing(world):
    outcome = make_outcome(world.partnership, "Safer streets",
                           lead_organisation=world.health_board)
    make_indicator(world.partnership, owner=world.health_board, code="OWNED")
    before = m.Outcome.history.count()
    world.health_board.members.all().delete()  # leave only the indicator in the way
    with pytest.raises(ValidationError, match="still owns indicators"):
        services.remove_organisation(Actor(user=world.admin), world.health_board)
    outcome.refresh_from_db()
    assert outcome.lead_organisation == world.health_board
    assert m.Outcome.history.count() == before


@pytest.mark.django_db
def test_changes_at_the_command_line_say_so_and_why(world):
    locality = m.Locality.objects.create(partnership=world.partnership, name="Townhead")
    outcome = make_outcome(world.partnership, "Safer streets", locality=locality)
    conditions.remove(COMMAND_LINE, locality)
    assert latest(outcome).history_change_reason == (
        "Locality “Townhead” was deleted. Changed through command line")


@pytest.mark.django_db
def test_a_long_name_still_fits_the_reason_history_keeps(world):
    doomed = make_outcome(world.partnership, "Long " * 40)
    resource = make_resource(world, doomed)
    outcome_service.delete_outcome(COMMAND_LINE, doomed)
    reason = latest(resource).history_change_reason
    assert len(reason) <= 100
    assert reason.startswith("Outcome “Long Long")
    assert reason.endswith("” was deleted. Changed through command line")


@pytest.mark.django_db
def test_a_plain_delete_cannot_empty_a_link_without_history(world):
    locality = m.Locality.objects.create(partnership=world.partnership, name="Townhead")
    make_outcome(world.partnership, "Safer streets", locality=locality)
    with pytest.raises(RestrictedError):
        locality.delete()


@pytest.mark.django_db
def test_deleting_a_whole_partnership_still_cascades(world):
    locality = m.Locality.objects.create(partnership=world.partnership, name="Townhead")
    make_outcome(world.partnership, "Safer streets", locality=locality)
    world.partnership.delete()
    assert not m.Outcome.objects.exists()


@pytest.mark.django_db
def test_the_bulk_helper_moves_the_version_on(world):
    outcome = make_outcome(world.partnership, "Safer streets")
    history_writes.update(editor(world), [outcome], reason="Tidied", code="SS1")
    outcome.refresh_from_db()
    assert (outcome.code, outcome.version) == ("SS1", 2)
    assert latest(outcome).history_change_reason == "Tidied"


@pytest.mark.django_db
def test_the_history_page_shows_changed_links_in_plain_words(client, world):
    locality = m.Locality.objects.create(partnership=world.partnership, name="Townhead")
    conditions.save(editor(world), locality, m2m={"indicators": [world.sample_indicator()]},
                    loaded_version=PROGRAM_CHANGE)
    change = newest_change(client, world, kind="outcomes.locality")
    assert (change.who, change.action) == ("Editor", "Changed")
    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("Indicators", "(none)", "AE-4HR Indicator AE-4HR")]


@pytest.mark.django_db
def test_link_changes_cost_the_history_page_no_extra_queries_per_row(client, world):
    def grow(start, stop):
        for number in range(start, stop):
            outcome = make_outcome(world.partnership, f"Outcome {number}")
            group = make_group(world.partnership, f"Group {number}")
            conditions.save(editor(world), group, m2m={"outcomes": [outcome]},
                            loaded_version=PROGRAM_CHANGE)
            outcome_service.delete_outcome(editor(world), outcome)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(HISTORY_URL).status_code == 200
        return len(context.captured_queries)

    client.force_login(world.viewer)
    grow(0, 2)
    queries()  # warm up the session
    few = queries()
    grow(2, 12)
    # Rows are read once for each kind of change on the page (at most one query a kind),
    # and older kinds fall off a fuller page: more rows never cost more queries.
    assert queries() <= few


@pytest.mark.django_db
def test_trajectory_values_replaced_by_a_new_trajectory_name_the_person(world):
    yearly = make_indicator(world.partnership, owner=world.council, code="YEARLY",
                            frequency=Indicator.Frequency.FINANCIAL_YEAR)
    target = Target(indicator=yearly, level="standard")
    measures_services.save_target(Actor(user=world.editor), target, trajectory_text="2022/23, 85")
    measures_services.save_target(Actor(user=world.admin), target, trajectory_text="2023/24, 86")
    removed = TargetPoint.history.get(history_type="-")
    assert (removed.value, removed.history_user) == (85, world.admin)


# The mechanism cannot forget: guards over every app


PIF = Path(__file__).resolve().parents[1]
BULK_WRITE_METHODS = {"update", "bulk_update", "bulk_create", "delete"}
# Files allowed to write tracked rows in bulk, each keeping history its own way.
ALLOWED_BULK_WRITERS = {
    "pif/history_writes.py": "the one helper for bulk changes",
    "pif/measures/bulk.py": "the import's bulk insert, which writes its own history copy",
    "pif/backups/reader.py": "a restore loads a backup's rows as they were, history included",
}
QUERYSET_METHODS = {"all", "filter", "exclude", "select_for_update", "order_by", "distinct",
                    "select_related", "prefetch_related", "only", "defer", "using", "none"}


def tracked_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if history_writes.is_tracked(model)]


def _related_names() -> dict[str, type]:
    """Accessor names that lead to a tracked model's rows, such as `outcome.resources`."""
    names = {}
    for model in tracked_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.auto_created and not field.concrete:
                names[field.get_accessor_name()] = model
    return names


def _chain(node) -> list:
    """`Resource.objects.filter(x=1)` -> the parts from left to right."""
    parts = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        else:
            parts.append(node.id if isinstance(node, ast.Name) else None)
            return list(reversed(parts))


ONE_ROW_METHODS = {"get", "first", "last", "latest", "earliest", "create", "get_or_create",
                   "update_or_create"}


def _may_hold_tracked_rows(parts: list, models_by_name: dict, related: dict) -> bool:
    """Whether `parts` may be a queryset of a tracked model (or one whose model cannot be
    told): a single row's own save and delete keep history, so those are fine."""
    if parts[-1] in ONE_ROW_METHODS:
        return False
    for manager in ("objects", "_base_manager"):
        if manager in parts:
            model = models_by_name.get(parts[parts.index(manager) - 1])
            return model is None or history_writes.is_tracked(model)
    return any(part in related for part in parts) or bool(set(parts) & QUERYSET_METHODS)


def _assigned(tree) -> dict[str, list[list]]:
    """What is assigned to each plain name anywhere in the module, as chains (`rows = ...`)."""
    chains: dict[str, list[list]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, (ast.Call, ast.Attribute)):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    chains.setdefault(target.id, []).append(_chain(node.value))
    return chains


def bulk_writes_to_tracked_models(source: str) -> list[tuple[int, str]]:
    """Each line that writes rows of a tracked model in bulk, without history or without
    naming who did it, or on a queryset whose model cannot be told."""
    models_by_name = {model.__name__: model for model in apps.get_models()}
    related = _related_names()
    tree = ast.parse(source)
    assigned = _assigned(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in BULK_WRITE_METHODS):
            continue
        parts = _chain(node.func.value)
        # A plain name (a dict, a set, a row) counts as what was assigned to it.
        candidates = assigned.get(parts[0], []) if len(parts) == 1 else [parts]
        if any(_may_hold_tracked_rows(chain, models_by_name, related) for chain in candidates):
            found.append((node.lineno, f"{'.'.join(map(str, parts))}.{node.func.attr}()"))
    return found


def test_the_guard_finds_bulk_writes_to_tracked_models():
    source = ("Resource.objects.filter(outcome=1).update(outcome=None)\n"
              "outcome.resources.update(outcome=None)\n"
              "rows.filter(x=1).update(y=2)\n"
              "Outcome.objects.bulk_update(rows, ['code'])\n"
              "Upload.objects.filter(x=1).update(content=b'')\n"
              "target.points.all().delete()\n"
              "rows = Resource.objects.filter(x=1)\n"
              "rows.update(y=2)\n"
              "initial = {}\n"
              "initial.update(parent=1)\n"
              "seen.update(ids)\n"
              "outcome.delete()\n"
              "one = Outcome.objects.get(pk=1)\n"
              "one.delete()\n"
              "Outcome.objects.filter(pk=1).first().delete()\n")
    assert [line for line, _ in bulk_writes_to_tracked_models(source)] == [1, 2, 3, 4, 6, 8]


def test_no_code_writes_tracked_rows_in_bulk_without_history():
    found = []
    for path in sorted(PIF.rglob("*.py")):
        name = path.relative_to(PIF.parent).as_posix()
        if "/tests/" in name or "/migrations/" in name or name in ALLOWED_BULK_WRITERS:
            continue
        for line, call in bulk_writes_to_tracked_models(path.read_text()):
            found.append(f"{name}, line {line}: {call}")
    assert not found, (
        "These lines change rows of a tracked model without keeping history, or without "
        "naming who did it (or on a queryset whose model cannot be told). Use "
        "pif.history_writes.update(actor, rows, ...) or delete_each(actor, rows) instead, "
        "which save or delete each row with who did it:\n" + "\n".join(found))


ALLOWED_ON_DELETE = {models.CASCADE, models.PROTECT, models.RESTRICT,
                     history_writes.CLEAR_WITH_HISTORY}


def test_no_foreign_key_of_a_tracked_model_changes_rows_without_history():
    found = []
    for model in tracked_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.remote_field.on_delete not in ALLOWED_ON_DELETE:
                found.append(f"{model._meta.label}.{field.name}: "
                             f"on_delete={field.remote_field.on_delete.__name__}")
    assert not found, (
        "Deleting what these foreign keys point at would change tracked rows without "
        "history. Use CASCADE, PROTECT or RESTRICT, or CLEAR_WITH_HISTORY from "
        "pif.history_writes for an optional link emptied when what it names is deleted:\n"
        + "\n".join(found))


def test_every_many_to_many_link_of_a_tracked_model_is_in_history():
    found = []
    for model in tracked_models():
        kept = {field.name for field in model.history.model._history_m2m_fields}
        for field in model._meta.many_to_many:
            if field.name not in kept:
                found.append(f"{model._meta.label}.{field.name}")
    assert not found, (
        "Changes to these many-to-many links would not be in history. Name each in its "
        "model's HistoricalRecords(m2m_fields=[...]):\n" + "\n".join(found))

