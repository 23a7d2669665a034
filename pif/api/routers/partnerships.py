"""API resources: the partnerships a token may read, and their member organisations.

A personal token reads the partnerships its person is a member of; a service token reads
only its organisation's partnership. Any other partnership answers 404, as on the web.
See pif/api/common.py for the shape of a resource.
"""

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pif.api.common import READ_ERRORS, Moment, changed_since, partnership_access
from pif.partnerships.access import partnerships_for_user
from pif.partnerships.models import Organisation

router = Router(tags=["partnerships"])

OrganisationKind = Literal[tuple(Organisation.Kind.values)]


def web_address(obj, context) -> str:
    """The full address of `obj`'s page on the web, for a schema's `url`."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())


class PartnershipOut(Schema):
    """A partnership the token may read."""

    short_name: str = Field(
        description="Used in every address of the partnership, for example loch-arden")
    name: str
    reporting_year_start_month: int = Field(
        description="1 for January to 12 for December; most use 4 (April)")
    created: datetime
    url: str = Field(description="The partnership's page on the web")

    resolve_url = staticmethod(web_address)


class OrganisationOut(Schema):
    """A member organisation of a partnership: a council, a health board, the police..."""

    id: int
    name: str
    kind: OrganisationKind
    kind_label: str
    short_code: str = Field(description="Used in tables and uploads, for example NHSLA")

    @staticmethod
    def resolve_kind_label(organisation) -> str:
        return organisation.get_kind_display()


@router.get("/partnerships", response={200: list[PartnershipOut], **READ_ERRORS},
            summary="The partnerships this token may read")
@paginate
def partnerships(request, modified_since: Moment | None = None):
    """The partnerships this token's person is a member of (a service token: its
    organisation's one). `modified_since` gives those changed after that moment."""
    found = partnerships_for_user(request.user).order_by("name", "pk")
    return changed_since(found, modified_since)


@router.get("/partnerships/{short_name}", response={200: PartnershipOut, **READ_ERRORS},
            summary="One partnership")
def partnership(request, short_name: str):
    """One partnership the token may read; 404 for any other."""
    return partnership_access(request, short_name).partnership


@router.get("/partnerships/{short_name}/organisations",
            response={200: list[OrganisationOut], **READ_ERRORS},
            summary="A partnership's member organisations")
@paginate
def organisations(request, short_name: str, modified_since: Moment | None = None):
    """The partnership's member organisations, by name. `modified_since` gives those
    changed after that moment."""
    access = partnership_access(request, short_name)
    found = Organisation.objects.filter(partnership=access.partnership).order_by("name", "pk")
    return changed_since(found, modified_since)
