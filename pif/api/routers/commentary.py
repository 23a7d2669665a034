"""API resources: commentary on indicators' periods (what the data shows, why, and what is
being done about it).

Writing is the web's commentary page through the API: the same need (a contributor, and
contributors only on their own organisation's indicators), the same service
(`pif.measures.services.save_commentary`) and the same rules, so too long a text is refused
with 422 and rule "commentary_length", and only an editor may change `is_public` (rule
"commentary_public_by_editor").

Every commentary has a `version`. A write sends the version it last read (0 when there was
no commentary for that period): if someone saved the commentary since, the answer is 409
and nothing is overwritten (pif/editing.py). See pif/api/common.py for the shape of a
resource.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pif.api.common import (
    NO_NUL,
    READ_ERRORS,
    WRITE_ERRORS,
    Moment,
    RecordId,
    api_actor,
    changed_since,
    partnership_access,
)
from pif.api.routers.indicators import Words, get_indicator
from pif.editing import LARGEST_VERSION
from pif.lib.periods import label_of_key
from pif.measures import rules, services
from pif.measures.models import Commentary
from pif.measures.periods import read_period_or_refuse

router = Router(tags=["commentary"])


class CommentaryOut(Schema):
    """The commentary on one indicator for one period."""

    id: int
    indicator_id: int
    indicator_code: str
    period: str = Field(description="The period's key, such as M2026-10")
    period_label: str = Field(description="As people write it, such as October 2026")
    period_start: str = Field(description="ISO date")
    what_it_shows: str
    why: str
    actions: str = Field(description="What is being done about it")
    is_public: bool = Field(description="Shown with the indicator on the public pages")
    author_name: str = Field(description="Who last saved it; \"\" when not known")
    updated: datetime
    version: int = Field(
        description="Send it back with a change, so no one else's save is overwritten")

    @staticmethod
    def resolve_indicator_code(commentary) -> str:
        return commentary.indicator.code

    @staticmethod
    def resolve_period_label(commentary) -> str:
        return label_of_key(commentary.period)

    @staticmethod
    def resolve_period_start(commentary) -> str:
        return commentary.period_start.isoformat()

    @staticmethod
    def resolve_author_name(commentary) -> str:
        return commentary.author.display_name if commentary.author else ""


def _text(description: str, *, required: bool = False):
    """A part of a commentary. Its length is left to rule "commentary_length", so a long
    text is refused with the rule's own words; the bound here only stops absurd requests."""
    return Field(... if required else "", min_length=1 if required else 0, pattern=NO_NUL,
                 max_length=rules.COMMENTARY_LONGEST * 10, description=description)


class CommentaryIn(Schema):
    """The commentary for a period, new or changed."""

    period: str = Field(max_length=30, pattern=NO_NUL,
                        description="The period, as written on the web (October 2026, "
                        "2026/27, Q2 2026/27) or as a key (M2026-10)")
    what_it_shows: str = _text("What the data shows", required=True)
    why: str = _text("Why")
    actions: str = _text("What is being done about it")
    is_public: bool | None = Field(None, description="Show it on the public pages (editors "
                                   "only); leave out to keep it as it is")
    version: int = Field(ge=0, le=LARGEST_VERSION, description="The version last read: 0 when "
                         "there was no commentary for the period")


def commentaries_of(partnership):
    return (Commentary.objects.filter(indicator__partnership=partnership)
            .select_related("indicator", "author"))


@router.get("/partnerships/{short_name}/commentary",
            response={200: list[CommentaryOut], **READ_ERRORS},
            summary="Commentary on a partnership's indicators")
@paginate
def commentary(request, short_name: str, indicator_id: RecordId | None = None,
               period: Words | None = None, modified_since: Moment | None = None):
    """Filters: `indicator_id`; `period`, a period's key such as M2026-10 (indicators differ
    in frequency, so a period as written could not be read for them all).
    `modified_since` gives commentary written or changed after that moment."""
    access = partnership_access(request, short_name)
    found = commentaries_of(access.partnership)
    if indicator_id is not None:
        found = found.filter(indicator_id=indicator_id)
    if period:
        found = found.filter(period=period.strip())
    return changed_since(found, modified_since).order_by("indicator__code", "-period_start", "pk")


def _words(payload: CommentaryIn) -> dict:
    """The commentary's words as the web's form reads them: a line break counts as one
    character however it was sent, spaces around are dropped, and what the data shows is
    needed."""
    fields = {name: getattr(payload, name).replace("\r\n", "\n").strip()
              for name in services.COMMENTARY_WORDS}
    if not fields["what_it_shows"]:
        raise ValidationError({"what_it_shows": ValidationError(
            "Enter what the data shows", code="required")})
    return fields


@router.post("/partnerships/{short_name}/indicators/{indicator_id}/commentary",
             response={200: CommentaryOut, **WRITE_ERRORS},
             summary="Write the commentary for a period (contributors on their own indicators)")
def write_commentary(request, short_name: str, indicator_id: RecordId, payload: CommentaryIn):
    """Creates the period's commentary, or changes it. Send the `version` last read (0 for
    none); 409 if it was saved since."""
    access = partnership_access(request, short_name, "contribute")
    indicator = get_indicator(access, indicator_id)
    access.require_owner(indicator.owner_id)
    fields = _words(payload)
    if payload.is_public is not None:
        fields["is_public"] = payload.is_public
    saved = services.save_commentary(api_actor(request), indicator,
                                     read_period_or_refuse(indicator, payload.period), fields,
                                     loaded_version=payload.version)
    return commentaries_of(access.partnership).get(pk=saved.pk)
