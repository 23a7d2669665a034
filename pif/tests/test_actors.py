"""The acting person (pif/actors.py; docs/adr/0007-acting-person-and-form-pages.md): one way
to say who makes a change, and one place that tells history and the event log."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from pif.actors import COMMAND_LINE, Actor
from pif.lib.periods import Period
from pif.measures.models import Observation
from pif.measures.writing import ObservationInput, approve, write_observations
from pif.partnerships import services
from pif.partnerships.models import Organisation

PIF = Path(__file__).resolve().parents[1]
REPOSITORY = PIF.parent
STAMPED = {"_history_user", "_change_reason"}


def request_by(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_a_signed_in_person_is_the_actor_of_their_request(world):
    actor = Actor.from_request(request_by(world.editor))
    assert (actor.user, actor.via) == (world.editor, "web")


def test_someone_not_signed_in_is_nobody():
    assert Actor.from_request(request_by(AnonymousUser())).user is None
    assert Actor(user=AnonymousUser()).user is None


def test_nobody_on_the_web_is_not_the_operator_but_the_command_line_is():
    assert not Actor().is_operator
    assert not Actor(user=AnonymousUser()).is_operator
    assert COMMAND_LINE.is_operator
    assert Actor(via="API").is_operator is False


def test_stamp_names_the_person_and_the_path_with_the_reason_first(world):
    organisation = Organisation()
    Actor(user=world.editor, via="upload").stamp(organisation, "Tidied")
    assert organisation._history_user == world.editor
    assert organisation._change_reason == "Tidied. Changed through upload"


def test_a_web_change_without_a_reason_leaves_none_even_after_one_with_a_reason(world):
    organisation = Organisation()
    COMMAND_LINE.stamp(organisation, "x" * 150)
    assert len(organisation._change_reason) == 100  # all django-simple-history keeps
    Actor(user=world.editor).stamp(organisation)
    assert organisation._change_reason is None
    assert organisation._history_user == world.editor


def test_a_change_from_the_command_line_after_a_person_is_not_credited_to_them(world):
    organisation = services.add_organisation(Actor(user=world.editor), world.partnership,
                                             name="Alpha Police", kind="police",
                                             short_code="AP")
    COMMAND_LINE.stamp(organisation)
    organisation.name = "Alpha Police Service"
    organisation.save()
    record = organisation.history.latest("history_id")
    assert (record.name, record.history_user) == ("Alpha Police Service", None)
    assert record.history_change_reason == "Changed through command line"


def test_a_change_by_someone_not_signed_in_names_nobody_in_history(world):
    organisation = services.add_organisation(Actor(user=AnonymousUser()), world.partnership,
                                             name="Alpha Police", kind="police",
                                             short_code="AP")
    record = organisation.history.latest("history_id")
    assert record.history_user is None
    assert world.partnership.events.latest("pk").actor is None


@pytest.mark.django_db
def test_nobody_signed_in_on_the_web_may_not_approve_but_the_operator_may(world):
    indicator = world.sample_indicator()
    write_observations(Actor(user=world.contributor),
                       [ObservationInput(indicator, Period.month(2024, 6), 93.0)],
                       approve=False, partnership=world.partnership)
    waiting = Observation.objects.get(indicator=indicator, approved_at__isnull=True)
    with pytest.raises(PermissionDenied):
        approve(Actor(user=AnonymousUser()), [waiting], partnership=world.partnership)
    assert approve(COMMAND_LINE, [waiting], partnership=world.partnership).count == 1
    record = Observation.history.filter(id=waiting.pk).latest("history_id")
    assert (record.history_user, record.history_change_reason) == (
        None, "Changed through command line")


# Only pif/actors.py tells django-simple-history who and why


def stamps_outside_actors(source: str) -> list[int]:
    """Lines that set `_history_user` or `_change_reason`, by assignment or setattr."""
    found = []
    for node in ast.walk(ast.parse(source)):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr"
              and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
              and node.args[1].value in STAMPED):
            found.append(node.lineno)
        for target in targets:
            for part in ast.walk(target):
                if isinstance(part, ast.Attribute) and part.attr in STAMPED:
                    found.append(node.lineno)
    return sorted(found)


def test_the_guard_finds_every_way_of_setting_who_or_why():
    source = ("obj._history_user = user\n"
              "obj._change_reason = 'x'\n"
              "a, obj._history_user = 1, user\n"
              "setattr(obj, '_change_reason', 'x')\n"
              "user = obj._history_user\n"
              "history_user = user\n")
    assert stamps_outside_actors(source) == [1, 2, 3, 4]


def test_only_the_actor_sets_who_made_a_change_and_why():
    found = []
    for path in sorted([*PIF.rglob("*.py"), *(REPOSITORY / "benchmarks").rglob("*.py"),
                        *(REPOSITORY / "tests").rglob("*.py")]):
        name = path.relative_to(REPOSITORY).as_posix()
        if name == "pif/actors.py" or "/migrations/" in name:
            continue
        found += [f"{name}, line {line}" for line in stamps_outside_actors(path.read_text())]
    assert not found, (
        "These lines tell django-simple-history who made a change, or why, by hand. Take an "
        "Actor and call actor.stamp(obj, reason) instead, so every path names the person and "
        "the way they came in the same way:\n" + "\n".join(found))
