"""Getting measures objects through the partnership access layer."""

from django.shortcuts import get_object_or_404

from pif.measures.models import Indicator
from pif.partnerships.access import Access


def get_indicator(access: Access, code: str) -> Indicator:
    """The partnership's indicator with this code, or 404: never another partnership's."""
    return get_object_or_404(
        Indicator.objects.select_related("owner", "lead", "partnership"),
        partnership=access.partnership, code=code)


def get_indicator_to_change(access: Access, code: str) -> Indicator:
    """As get_indicator, and 403 unless the person may change this indicator's data."""
    indicator = get_indicator(access, code)
    access.require_owner(indicator.owner_id)
    return indicator


def indicators_for(access: Access):
    return Indicator.objects.filter(partnership=access.partnership)


def changeable_indicators(access: Access):
    """Indicators whose data this person may enter: all for editors, their own for contributors."""
    indicators = indicators_for(access)
    if access.can_edit:
        return indicators
    if access.can_contribute and access.membership.organisation_id:
        return indicators.filter(owner_id=access.membership.organisation_id)
    return indicators.none()
