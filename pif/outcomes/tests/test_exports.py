import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from pif.outcomes.testing import make_outcome, make_risk

pytestmark = pytest.mark.django_db


def test_the_risk_register_downloads_as_csv_with_formulas_defused(client, world):
    make_risk(world.partnership, world.council, title="=HYPERLINK(\"http://evil\")")
    client.force_login(world.viewer)
    response = client.get(reverse("risks_export", args=["alpha", "csv"]))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"] == 'attachment; filename="alpha-risks.csv"'
    assert "'=HYPERLINK" in text
    assert text.splitlines()[0].startswith("Reference,Title,Cause")


def test_the_outcomes_download_as_excel(client, world):
    make_outcome(world.partnership, "+Healthier lives")
    client.force_login(world.viewer)
    response = client.get(reverse("outcomes_export", args=["alpha", "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["D1"].value == "Title"
    assert sheet["D2"].value == "'+Healthier lives"


def test_an_unknown_format_is_not_found(client, world):
    client.force_login(world.viewer)
    assert client.get(reverse("resources_export", args=["alpha", "pdf"])).status_code == 404
