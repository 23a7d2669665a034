"""Open data: each published indicator as tidy CSV and JSON, and the data.json catalogue."""

import csv
import io
import json

import pytest
from django.conf import settings
from django.urls import reverse

from pif.measures.testing import make_indicator
from pif.reports import open_data
from pif.reports.testing import (
    PUBLIC_SAMPLE_CODE,
    make_publication,
    public_content,
    published_world,
)

pytestmark = pytest.mark.django_db

HIDDEN_CODE = "SECRET-9"
HIDDEN_TITLE = "Unpublished waiting times"


def content_with_breakdowns(partnership) -> dict:
    """Two periods, each with a total and two areas; one area's value suppressed, one
    provisional, one missing; a title that a spreadsheet would read as a formula."""
    content = public_content(partnership)
    indicator = content["indicators"][0]
    indicator["title"] = "=HYPERLINK(\"http://x\")"
    observations = []
    for period, label, start, end in (("M2024-03", "March 2024", "2024-03-01", "2024-03-31"),
                                      ("M2024-04", "April 2024", "2024-04-01", "2024-04-30")):
        for breakdown, category, value, flags in (("", "", 71.0, []),
                                                  ("Area", "North", 7.0, []),
                                                  ("Area", "South", None, ["suppressed"])):
            observations.append({
                "period": period, "period_label": label, "period_start": start,
                "period_end": end, "breakdown": breakdown, "category": category,
                "value": value, "numerator": 7 if value is not None else None,
                "denominator": 100 if value is not None else None,
                "formatted": "7.0%" if value is not None else "Not shown: small number",
                "flags": list(flags)})
    observations[3]["flags"] = ["provisional"]
    observations[0].update(value=None, numerator=None, denominator=None, flags=["missing"],
                           formatted="Missing")
    indicator["observations"] = observations
    return content


def read_csv(response) -> list[dict]:
    body = response.content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(body, newline="")))


def test_the_csv_is_tidy_one_row_per_period_and_breakdown(client, world):
    make_publication(world.partnership, content=content_with_breakdowns(world.partnership))
    response = client.get(reverse("public_dataset", args=["alpha", "PUB-1", "csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv; charset=utf-8")
    assert b"\r\n" in response.content and not response.content.startswith(b"\xef\xbb\xbf")
    rows = read_csv(response)
    assert list(rows[0]) == open_data.HEADERS
    assert len(rows) == 6
    assert len({(row["period"], row["breakdown"], row["category"]) for row in rows}) == 6
    south = [row for row in rows if row["category"] == "South"]
    assert all(row["value"] == "" and row["numerator"] == "" and row["flags"] == "suppressed"
               for row in south)
    assert rows[0]["flags"] == "missing" and rows[0]["status"] == "Missing"
    assert rows[3]["flags"] == "provisional" and rows[3]["status"] == "Provisional"
    assert rows[1]["value"] == "7" and rows[1]["numerator"] == "7"  # whole numbers as such
    assert rows[1]["status"] == "Final"
    assert rows[1]["unit"] == "Percentage" and rows[1]["period_label"] == "March 2024"
    # Formula-like text is made safe (a quote first, which spreadsheets show as text).
    assert rows[0]["indicator_title"].startswith("'=")


def test_the_json_has_the_same_rows_and_the_metadata(client, world):
    content = content_with_breakdowns(world.partnership)
    make_publication(world.partnership, content=content)
    response = client.get(reverse("public_dataset", args=["alpha", "PUB-1", "json"]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert len(data["rows"]) == 6
    assert data["rows"][2]["value"] is None and data["rows"][2]["flags"] == "suppressed"
    assert data["definition"] == "Share of adults who feel safe after dark."
    assert data["unit"] == "Percentage" and data["source"] == "Household survey"
    assert data["licence"] == {"id": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
                               "uri": content["licence"]["uri"]}
    assert data["as_of"] == "2026-12-01" and data["modified"] == "2026-12-01"
    assert "quality_note" in data and data["title"] == content["indicators"][0]["title"]


def test_other_formats_and_codes_are_not_found(client, world):
    make_publication(world.partnership, content=public_content(world.partnership))
    for code, fmt in (("PUB-1", "xlsx"), ("PUB-1", "xml"), ("NOPE", "csv"), ("PUB-1", "CSV")):
        response = client.get(reverse("public_dataset", args=["alpha", code, fmt]))
        assert response.status_code == 404, (code, fmt)


def test_data_json_is_a_dcat_catalogue_with_absolute_addresses(client, world, settings):
    settings.SITE_URL = "https://pif.example.org"
    content = public_content(world.partnership, indicators=2)
    make_publication(world.partnership, content=content)
    response = client.get(reverse("public_catalogue", args=["alpha"]))
    assert response["Content-Type"] == "application/json"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["@context"].startswith("https://")
    assert len(catalogue["dataset"]) == 2
    for dataset in catalogue["dataset"]:
        for field in ("identifier", "title", "description", "keyword", "issued", "modified",
                      "publisher", "license", "distribution"):
            assert dataset[field], field
        assert dataset["identifier"].startswith("https://pif.example.org/public/alpha/")
        assert dataset["license"] == content["licence"]["uri"]
        assert dataset["issued"] == "2026-11-01" and dataset["modified"] == "2026-12-01"
        types = {d["mediaType"]: d["downloadURL"] for d in dataset["distribution"]}
        assert set(types) == {"text/csv", "application/json"}
        for url in types.values():
            assert url.startswith("https://pif.example.org/public/alpha/data/")
            path = url.removeprefix("https://pif.example.org")
            assert client.get(path).status_code == 200


def test_open_data_names_no_unpublished_indicator(client, world):
    make_indicator(world.partnership, owner=world.council, code=HIDDEN_CODE,
                   title=HIDDEN_TITLE, values=[12.0, 13.0, 14.0])
    published_world(world)
    for url in (reverse("public_data", args=["alpha"]),
                reverse("public_catalogue", args=["alpha"]),
                reverse("public_dataset", args=["alpha", PUBLIC_SAMPLE_CODE, "csv"]),
                reverse("public_dataset", args=["alpha", PUBLIC_SAMPLE_CODE, "json"])):
        body = client.get(url).content.decode()
        assert PUBLIC_SAMPLE_CODE in body, url
        assert HIDDEN_CODE not in body and HIDDEN_TITLE not in body, url


def test_the_snapshot_of_a_real_indicator_reads_back_from_the_csv(client, world):
    publication = published_world(world)
    response = client.get(reverse("public_dataset", args=["alpha", PUBLIC_SAMPLE_CODE, "csv"]))
    rows = read_csv(response)
    observations = publication.content["indicators"][0]["observations"]
    assert [float(row["value"]) for row in rows] == [o["value"] for o in observations]
    assert [row["period_label"] for row in rows] == [o["period_label"] for o in observations]


def test_the_data_page_lists_every_dataset_with_its_licence(client, world):
    make_publication(world.partnership, content=public_content(world.partnership, indicators=3))
    text = client.get(reverse("public_data", args=["alpha"])).content.decode()
    for number in (1, 2, 3):
        assert reverse("public_dataset", args=["alpha", f"PUB-{number}", "csv"]) in text
        assert reverse("public_dataset", args=["alpha", f"PUB-{number}", "json"]) in text
    assert "Open Government Licence v3.0" in text
    assert reverse("public_catalogue", args=["alpha"]) in text


def test_addresses_name_the_site_not_the_host_asked(client, world):
    make_publication(world.partnership, content=public_content(world.partnership))
    response = client.get(reverse("public_catalogue", args=["alpha"]),
                          HTTP_HOST="evil.example")
    if response.status_code == 200:  # only if ALLOWED_HOSTS lets the host in at all
        assert "evil.example" not in response.content.decode()
    assert settings.SITE_URL.rstrip("/") in client.get(
        reverse("public_catalogue", args=["alpha"])).content.decode()
