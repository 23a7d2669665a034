"""Ids and page numbers read from a URL or a form: any text gives a page, never a 500.

"²".isdigit() is True but int("²") fails, so every id is read with `parse_id`."""

import pytest
from django.urls import reverse

from pif.lib.text import parse_id

AWKWARD = ["²", "-1", "1e3", "99999999999999999999999", "", " 7", "٣", "0x1f", "1.0"]


@pytest.mark.parametrize("text, expected", [
    ("1", 1), ("0", 0), ("007", 7), ("123456789012345678", 123456789012345678),
    ("²", None), ("٣", None), ("-1", None), ("+1", None), ("1e3", None), ("1.0", None),
    ("", None), (" 7", None), ("7\n", None), ("1_000", None),
    ("1234567890123456789", None), ("99999999999999999999999", None), (None, None),
])
def test_parse_id_reads_only_plain_ascii_digits(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("value", AWKWARD)
def test_approvals_refuse_odd_ids_without_a_server_error(client, world, value):
    url = reverse("approvals", args=["alpha"])
    client.force_login(world.editor)
    for data in ({"observation": [value]}, {"approve": value}, {"approve": "all", "shown": value},
                 {"reject": value}, {"reject": "selected", "observation": value, "reason": "x"}):
        response = client.post(url, data)
        assert response.status_code < 500, data


@pytest.mark.parametrize("value", AWKWARD)
def test_history_filters_refuse_odd_numbers_without_a_server_error(client, world, value):
    client.force_login(world.viewer)
    url = reverse("history", args=["alpha"])
    assert client.get(url, {"page": value}).status_code == 200
    assert client.get(url, {"user": value}).status_code == 200
    assert client.get(reverse("events", args=["alpha"]), {"page": value}).status_code == 200


@pytest.mark.parametrize("value", AWKWARD)
def test_a_new_outcome_ignores_an_odd_parent(client, world, value):
    client.force_login(world.editor)
    response = client.get(reverse("outcome_create", args=["alpha"]), {"parent": value})
    assert response.status_code == 200
