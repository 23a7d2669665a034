"""One partnership's rows, found by following foreign keys (pif/backups/selection.py)."""

import pytest
from django.apps import apps
from django.core.management.base import CommandError

from pif.backups import writer
from pif.backups.selection import ForeignPartnershipRows, load_order, partnership_querysets
from pif.measures.models import Indicator
from pif.partnerships.models import Membership, Organisation


def selected(partnership):
    return {model._meta.label: queryset for model, queryset in
            partnership_querysets(partnership.pk)}


def test_only_the_partnerships_rows_and_the_users_they_name(world):
    indicator = world.sample_indicator()
    chosen = selected(world.partnership)
    organisations = set(chosen["partnerships.Organisation"].values_list("pk", flat=True))
    assert organisations == set(Organisation.objects.filter(
        partnership=world.partnership).values_list("pk", flat=True))
    assert world.other_council.pk not in organisations
    assert list(chosen["measures.Indicator"]) == [indicator]
    assert chosen["measures.Observation"].count() == 4
    assert chosen["measures.HistoricalObservation"].count() >= 4
    users = set(chosen["accounts.User"])
    assert world.editor in users
    assert world.outsider not in users
    assert "sessions.Session" not in chosen


def test_history_of_a_deleted_row_stays_with_its_partnership(world):
    indicator = world.sample_indicator()
    indicator_id = indicator.pk
    indicator.delete()
    chosen = selected(world.partnership)
    kept = chosen["measures.HistoricalObservation"].filter(indicator_id=indicator_id)
    assert kept.count() >= 4
    assert not Indicator.objects.filter(pk=indicator_id).exists()
    assert not selected(world.other_partnership)["measures.HistoricalObservation"].exists()


def test_parents_come_before_their_rows():
    order = [model._meta.label for model in
             load_order(list(apps.get_models(include_auto_created=True)))]
    assert order.index("partnerships.Partnership") < order.index("partnerships.Organisation")
    assert order.index("measures.Indicator") < order.index("measures.Observation")
    assert order.index("contenttypes.ContentType") < order.index("auth.Permission")


def test_a_stray_reference_never_brings_in_another_partnership(world):
    membership = Membership.objects.filter(partnership=world.partnership).first()
    Membership.objects.filter(pk=membership.pk).update(organisation=world.other_council)
    chosen = selected(world.partnership)
    assert list(chosen["partnerships.Partnership"]) == [world.partnership]
    assert not chosen["partnerships.Organisation"].filter(pk=world.other_council.pk).exists()
    assert not chosen["partnerships.Membership"].filter(
        partnership=world.other_partnership).exists()
    with pytest.raises(ForeignPartnershipRows) as raised:
        partnership_querysets(world.partnership.pk, strict=True)
    assert raised.value.found == {"partnerships.Organisation": [world.other_council.pk]}


def test_a_backup_of_rows_pointing_at_another_partnership_is_refused(world, tmp_path):
    membership = Membership.objects.filter(partnership=world.partnership).first()
    Membership.objects.filter(pk=membership.pk).update(organisation=world.other_council)
    with pytest.raises(CommandError, match="other partnerships' rows.*Nothing was written"):
        writer.write_backup(tmp_path / "alpha.zip", partnership=world.partnership)
    assert list(tmp_path.iterdir()) == []
