"""The upload services (pif.measures.importing.uploads): a file is kept and checked by the
person who uploads it, then imported once, with that person as the actor."""

import pytest

from pif.actors import Actor
from pif.measures.importing import uploads
from pif.measures.models import Observation, Upload
from pif.partnerships.access import get_access

CLEAN = b"Indicator,Period,Value\nAE-4HR,May 2024,90.5\n"


@pytest.fixture
def ae(world):
    return world.sample_indicator()


def start(world, content=CLEAN, filename="values.csv"):
    access = get_access(world.contributor, "alpha")
    return access, uploads.start_upload(Actor(user=world.contributor), access,
                                        filename=filename, content=content, mapping={})


def test_starting_an_upload_keeps_the_file_checked_and_who_uploaded_it(world, ae):
    access, upload = start(world, filename="v" * 300 + ".csv")
    upload = Upload.objects.get(pk=upload.pk)
    assert upload.uploaded_by == world.contributor
    assert len(upload.filename) == 255
    assert bytes(upload.content) == CLEAN
    assert uploads.stored_check(Actor(user=world.contributor), access, upload).ok


def test_an_upload_is_imported_once_by_the_actor(world, ae):
    access, upload = start(world)
    actor = Actor(user=world.contributor)
    checked = uploads.stored_check(actor, access, upload)
    assert uploads.import_upload(actor, access, upload, checked) is True
    observation = Observation.objects.get(period="M2024-05")
    assert (observation.entered_by, observation.approved_at) == (world.contributor, None)
    assert observation.history.latest().history_user == world.contributor
    upload.refresh_from_db()
    assert upload.imported_at is not None and upload.summary.startswith("1 new")
    assert uploads.import_upload(actor, access, upload, checked) is False
    assert Observation.objects.filter(period="M2024-05").count() == 1
