"""Indexes that pages at national scale rely on (issue 16), present after every migration.

The index on the values' history is written in SQL (django-simple-history's models cannot
declare one), so the model state does not know it, and on SQLite a later migration that
alters the table rebuilds it without the index: this test would then fail."""

import pytest
from django.db import connection

from pif.measures.models import Observation


def indexes_of(model) -> dict[str, list[str]]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    return {name: found[name]["columns"] for name in found if found[name]["index"]}


@pytest.mark.django_db
def test_the_values_history_is_indexed_by_indicator_then_time():
    indexes = indexes_of(Observation.history.model)
    assert indexes.get("measures_histobs_indicator_date") == [
        "indicator_id", "history_date", "history_id"]
    # the plain index on the indicator alone is gone: the one above serves its reads
    assert ["indicator_id"] not in indexes.values()


@pytest.mark.django_db
def test_values_awaiting_approval_have_an_index_of_their_own():
    assert indexes_of(Observation).get("measures_obs_awaiting_approval") == ["indicator_id"]


@pytest.mark.django_db
def test_values_are_indexed_by_area_only_where_they_have_one():
    indexes = indexes_of(Observation)
    assert indexes.get("measures_obs_by_breakdown") == ["breakdown_id"]
    # each index costs a large import about a second a million values (migration 0020):
    # nothing looks values up by who entered or approved them
    assert ["entered_by_id"] not in indexes.values()
    assert ["approved_by_id"] not in indexes.values()
    assert [columns for columns in indexes.values() if columns == ["breakdown_id"]] == [
        ["breakdown_id"]]
