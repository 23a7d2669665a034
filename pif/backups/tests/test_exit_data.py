"""The exit download's zip: every table of the partnership as CSV and JSON with a data
dictionary, its history and uploaded files, and nothing of any other partnership, no password
hash and no token hash."""

import csv
import datetime
import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pif.actors import COMMAND_LINE, Actor
from pif.api import tokens
from pif.api.models import ApiToken
from pif.backups import exit_data
from pif.backups.selection import partnership_querysets
from pif.measures.testing import make_indicator
from pif.partnerships.models import Event, Membership, Partnership
from pif.reviews import models as reviews
from pif.reviews.services import evidence as evidence_service
from pif.reviews.services.surveys import new_token
from pif.reviews.testing import make_assessment, make_checklist, scored_nodes

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
# Words that exist only in the other partnership's data.
OTHER_MARKS = ("Beta Partnership", "Beta Council", "outsider@beta.test", "BETA-SECRET-1",
               "Indicator BETA-SECRET-1", "Beta evidence only", "beta-survey@example.org",
               "Beta feed")


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def both(world, media):
    """Indicators, an assessment with an uploaded file, API tokens and a survey link in both
    partnerships; the other partnership's words are marked to be searched for."""
    make_indicator(world.partnership, owner=world.health_board, code="AE-4HR",
                   values=[90.1, 91.2, 89.5])
    make_indicator(world.other_partnership, owner=world.other_council, code="BETA-SECRET-1",
                   values=[11.0, 12.0])
    editor = Actor(user=world.editor)
    assessment = make_assessment(world.partnership)
    node = scored_nodes(assessment.framework_version)[0]
    evidence = evidence_service.add_evidence(editor, assessment, node, text="Minutes",
                                             upload=SimpleUploadedFile("minutes.pdf", PDF))
    other_assessment = make_assessment(world.other_partnership,
                                       version=assessment.framework_version, title="Beta review")
    evidence_service.add_evidence(Actor(user=world.outsider), other_assessment, node,
                                  text="Beta evidence only")
    expires = timezone.now() + datetime.timedelta(days=30)
    secrets = [tokens.create_service(editor, world.council, "Finance feed", "viewer", expires)[1],
               tokens.create_service(Actor(user=world.outsider), world.other_council,
                                     "Beta feed", "viewer", expires)[1],
               tokens.create_personal(editor, world.editor, "My laptop", expires)[1]]
    for partnership, email in ((world.partnership, "alpha-survey@example.org"),
                               (world.other_partnership, "beta-survey@example.org")):
        _token, digest = new_token()
        reviews.SurveyInvitation.objects.create(
            assessment=make_checklist(partnership), email=email, token_hash=digest)
    return {"evidence": evidence, "token_secrets": secrets}


def export(world, actor=COMMAND_LINE) -> zipfile.ZipFile:
    spool = io.BytesIO()
    exit_data.write_exit_zip(actor, world.partnership, spool)
    spool.seek(0)
    return zipfile.ZipFile(spool)


def read_csv(archive, name) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))


def tables_in(archive) -> set[str]:
    return {name.removesuffix(".csv") for name in archive.namelist()
            if name.endswith(".csv") and "/" not in name and name != "data_dictionary.csv"}


def test_every_non_empty_table_is_there_as_csv_and_json_with_every_row(world, both):
    counts = {exit_data.table_name(model): qs.count()
              for model, qs in partnership_querysets(world.partnership.pk)}
    archive = export(world)
    non_empty = [name for name, count in counts.items() if count]
    assert len(non_empty) > 10
    for name in non_empty:
        rows, objects = read_csv(archive, f"{name}.csv"), json.loads(archive.read(f"{name}.json"))
        assert len(rows) == len(objects) == counts[name], name
        assert [row["id"] if "id" in row else None for row in rows] == \
            [str(o["id"]) if "id" in o else None for o in objects]


def test_history_is_in_it(world, both):
    archive = export(world)
    history = read_csv(archive, "measures_historicalindicator.csv")
    assert {row["code"] for row in history} == {"AE-4HR"}
    assert {"history_date", "history_type", "history_user_id"} <= set(history[0])
    evidence_history = read_csv(archive, "reviews_historicalevidence.csv")
    assert [row["history_user_id"] for row in evidence_history] == [str(world.editor.pk)]


def test_the_dictionary_lists_every_column_of_every_csv_and_nothing_else(world, both):
    archive = export(world)
    listed = {(row["table"], row["column"]) for row in read_csv(archive, "data_dictionary.csv")}
    in_files = {(table, column) for table in tables_in(archive)
                for column in next(csv.reader(io.StringIO(
                    archive.read(f"{table}.csv").decode("utf-8"))))}
    assert listed == in_files
    assert len(json.loads(archive.read("data_dictionary.json"))) == len(listed)


def test_the_dictionary_says_what_a_column_means_allows_and_points_to(world, both):
    entries = {(e["table"], e["column"]): e
               for e in json.loads(export(world).read("data_dictionary.json"))}
    kind = entries[("partnerships_organisation", "kind")]
    assert {"value": "health_board", "label": "Health board"} in kind["allowed_values"]
    assert kind["meaning"].startswith("Type.")
    assert "health_board = Health board" in kind["meaning"]
    owner = entries[("measures_indicator", "owner_id")]
    assert owner["points_to"] == "partnerships_organisation.id"
    assert owner["type"] == "identifier (whole number)"
    short_name = entries[("partnerships_partnership", "short_name")]
    assert "Used in web addresses" in short_name["meaning"]
    assert short_name["can_be_empty"] is False
    assert entries[("partnerships_partnership", "created")]["type"].startswith("date and time")


def test_values_are_plain_text(world, both):
    archive = export(world)
    partnership = read_csv(archive, "partnerships_partnership.csv")
    assert [row["short_name"] for row in partnership] == ["alpha"]
    created = datetime.datetime.fromisoformat(partnership[0]["created"])
    assert created.tzinfo is not None
    memberships = read_csv(archive, "partnerships_membership.csv")
    assert {row["name_given_here"] for row in memberships} == {"true"}
    assert "user_id" in memberships[0] and "user" not in memberships[0]
    observations = read_csv(archive, "measures_observation.csv")
    assert observations and all(row["period_start"] == datetime.date.fromisoformat(
        row["period_start"]).isoformat() for row in observations)


def test_people_are_only_those_referred_to_by_id_name_and_email(world, both):
    archive = export(world)
    people = read_csv(archive, "accounts_user.csv")
    assert set(people[0]) == {"id", "full_name", "email"}
    emails = {row["email"] for row in people}
    assert {"admin@alpha.test", "editor@alpha.test"} <= emails
    assert "outsider@beta.test" not in emails


def all_text(archive) -> str:
    return "\n".join(archive.read(name).decode("utf-8", errors="replace")
                     for name in archive.namelist())


def test_nothing_of_the_other_partnership_is_in_it(world, both):
    archive = export(world)
    text = all_text(archive)
    for mark in OTHER_MARKS:
        assert mark not in text
    assert "Alpha Partnership" in text and "AE-4HR" in text  # the search can find things


def test_no_row_of_the_other_partnership_is_in_it(world, both):
    """Rows both partnerships refer to (the shipped assessment frameworks) may be in both; no
    row that is only the other partnership's is, and no row names it."""
    ours = {model: {str(pk) for pk in qs.values_list(model._meta.pk.attname, flat=True)}
            for model, qs in partnership_querysets(world.partnership.pk)}
    archive = export(world)
    others_only = 0
    for model, queryset in partnership_querysets(world.other_partnership.pk):
        name, pk = exit_data.table_name(model), model._meta.pk.attname
        theirs = {str(value) for value in queryset.values_list(pk, flat=True)}
        exported = {row[pk] for row in read_csv(archive, f"{name}.csv")} \
            if f"{name}.csv" in archive.namelist() else set()
        assert exported == ours.get(model, set()), name
        assert not exported & (theirs - ours.get(model, set())), name
        others_only += bool(theirs - ours.get(model, set()))
        if exported and "partnership_id" in read_csv(archive, f"{name}.csv")[0]:
            assert {row["partnership_id"] for row in read_csv(archive, f"{name}.csv")} <= \
                {"", str(world.partnership.pk)}, name
    assert others_only > 5


def test_a_stray_reference_brings_in_no_row_of_the_other_partnership(world):
    membership = Membership.objects.filter(partnership=world.partnership).first()
    Membership.objects.filter(pk=membership.pk).update(organisation=world.other_council)
    archive = export(world)
    assert [row["short_name"] for row in read_csv(archive, "partnerships_partnership.csv")] \
        == ["alpha"]
    organisations = {row["id"] for row in read_csv(archive, "partnerships_organisation.csv")}
    assert str(world.other_council.pk) not in organisations
    memberships = read_csv(archive, "partnerships_membership.csv")
    assert {row["partnership_id"] for row in memberships} == {str(world.partnership.pk)}
    # The row keeps its dangling id: harmless, and it says where the fault is.
    stray = next(row for row in memberships if row["id"] == str(membership.pk))
    assert stray["organisation_id"] == str(world.other_council.pk)
    assert "Beta Partnership" not in all_text(archive)


# Words in a column's name that may mean a secret (a foreign key's "_id" aside).
SUSPECT = re.compile(r"token|key|salt|digest|otp", re.IGNORECASE)


def test_no_exported_column_looks_like_a_secret(world):
    """A guard for columns added later: `is_secret_column` leaves out only names with
    password, secret or hash in them. A new column that looks like a secret must be either
    left out or reviewed and added here."""
    allowed = {"api_apitoken.prefix"}  # reviewed: the token's public prefix
    suspects = {f"{exit_data.table_name(model)}.{column.name}"
                for model, _ in partnership_querysets(world.partnership.pk)
                for column in exit_data.exported_columns(model)
                if SUSPECT.search(column.name) and not column.name.endswith("_id")}
    assert suspects <= allowed


def test_no_password_hash_or_token_hash_is_in_it(world, both):
    text = all_text(export(world))
    for user in type(world.editor).objects.all():
        assert user.password and user.password not in text
    hashes = list(ApiToken.objects.values_list("token_hash", flat=True)) + list(
        reviews.SurveyInvitation.objects.values_list("token_hash", flat=True))
    assert len(hashes) == 5
    for value in hashes + both["token_secrets"]:
        assert value not in text
    assert "token_hash" not in text and "password" not in text.split("README.txt")[0]


def test_secret_columns_are_left_out_by_name():
    assert exit_data.is_secret_column("token_hash")
    assert exit_data.is_secret_column("password")
    assert exit_data.is_secret_column("client_secret")
    assert not exit_data.is_secret_column("short_name")


def test_an_uploaded_evidence_file_is_in_it_under_its_name(world, both):
    archive = export(world)
    evidence = both["evidence"]
    path = f"files/reviews_evidence/{evidence.pk}/minutes.pdf"
    assert archive.read(path) == PDF
    rows = {row["id"]: row for row in read_csv(archive, "reviews_evidence.csv")}
    assert rows[str(evidence.pk)]["file"] == path


def test_a_file_no_longer_stored_is_named_in_the_readme(world, both, media):
    evidence = both["evidence"]
    evidence.file.storage.delete(evidence.file.name)
    archive = export(world)
    rows = {row["id"]: row for row in read_csv(archive, "reviews_evidence.csv")}
    assert rows[str(evidence.pk)]["file"] == evidence.file.name
    assert evidence.file.name in archive.read("README.txt").decode()


def test_the_readme_says_what_it_is_whose_and_who_made_it(world, both):
    readme = export(world, Actor(user=world.admin)).read("README.txt").decode()
    assert "All of Alpha Partnership's data from PIF" in readme
    assert "Made by: Admin <admin@alpha.test>" in readme
    assert "PIF version: " in readme
    assert "JSON array" in readme
    assert "partnership's own data" in readme
    assert "measures_indicator.csv / measures_indicator.json: 1 row" in readme


def test_it_records_who_downloaded_it(world, both):
    export(world, Actor(user=world.admin))
    event = Event.objects.filter(verb=exit_data.EVENT_VERB).get()
    assert event.partnership == world.partnership and event.actor == world.admin
    assert event.verb_label == "Downloaded all the partnership's data"


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
def test_only_an_admin_may_take_it(world, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        export(world, Actor(user=world.users[role]))
    with pytest.raises(Partnership.DoesNotExist):
        export(world, Actor(user=world.outsider))
    assert not Event.objects.filter(verb=exit_data.EVENT_VERB).exists()


def test_the_number_of_queries_does_not_grow_with_the_rows(world, both):
    with CaptureQueriesContext(connection) as few:
        export(world)
    for number in range(6):
        make_indicator(world.partnership, owner=world.council, code=f"MORE-{number}",
                       values=[1.0, 2.0, 3.0, 4.0])
    with CaptureQueriesContext(connection) as many:
        archive = export(world)
    assert len(read_csv(archive, "measures_indicator.csv")) == 7
    assert len(many) == len(few)


def test_the_file_is_named_for_the_partnership_and_day(world):
    assert exit_data.exit_filename(world.partnership, datetime.date(2026, 12, 5)) == \
        "alpha-data-2026-12-05.zip"
