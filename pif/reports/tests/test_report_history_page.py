"""A report keeps history without its content (a large document), so the History page
compares only the fields its records hold: a report changed twice is listed, not a 500."""

import datetime

import pytest
from django.urls import reverse

from pif.actors import Actor
from pif.editing import PROGRAM_CHANGE
from pif.measures.testing import make_indicator
from pif.reports.services import reports as services

pytestmark = pytest.mark.django_db


def test_the_history_page_lists_a_report_signed_off_after_it_was_built(client, world):
    make_indicator(world.partnership, owner=world.council, code="IND-1", values=[50, 52, 51])
    editor = Actor(world.editor)
    report = services.create_report(editor, world.partnership, kind="board",
                                    as_of=datetime.date(2026, 11, 30), title="November board")
    services.sign_off(editor, report, loaded_version=PROGRAM_CHANGE)
    client.force_login(world.viewer)
    response = client.get(reverse("history", args=[world.partnership.short_name]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "November board" in page and "Signed off" in page
