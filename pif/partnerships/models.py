"""Partnerships, their member organisations, people's memberships and the event log."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from pif.partnerships.rules import short_code_validator, short_name_validator

MONTHS = [
    (1, "January"), (2, "February"), (3, "March"), (4, "April"), (5, "May"), (6, "June"),
    (7, "July"), (8, "August"), (9, "September"), (10, "October"), (11, "November"),
    (12, "December"),
]


class Partnership(models.Model):
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=40, unique=True, validators=[short_name_validator],
        help_text="Used in web addresses and on the command line, for example loch-arden.",
        error_messages={"unique": "A partnership with this short name already exists."},
    )
    reporting_year_start_month = models.PositiveSmallIntegerField(
        choices=MONTHS, default=4,
        help_text="The month your reporting year starts. Most public bodies use April.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partnership", args=[self.short_name])


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        HEALTH_BOARD = "health_board", "Health board"
        POLICE = "police", "Police"
        FIRE = "fire", "Fire and rescue"
        THIRD_SECTOR = "third_sector", "Third sector"
        COMMUNITY = "community", "Community body"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    short_code = models.CharField(
        max_length=12,
        validators=[short_code_validator],
        help_text="A short code for tables and uploads, for example NHSLA.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"], name="organisation_name_unique_in_partnership",
                violation_error_message=(
                    "This partnership already has an organisation with that name."),
            ),
            models.UniqueConstraint(
                fields=["partnership", "short_code"],
                name="organisation_code_unique_in_partnership",
                violation_error_message=(
                    "This partnership already has an organisation with that code."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        CONTRIBUTOR = "contributor", "Contributor"
        EDITOR = "editor", "Editor"
        ADMIN = "admin", "Partnership admin"

    ROLE_DESCRIPTIONS = {
        Role.VIEWER: "Can read everything in the partnership but change nothing.",
        Role.CONTRIBUTOR: "Can enter data and commentary for their own organisation's items.",
        Role.EDITOR: "Can manage the partnership's outcomes, indicators, plans and reports.",
        Role.ADMIN: "Can do everything an editor can, and manage members and settings.",
    }

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.RESTRICT, related_name="members",
        help_text="Contributors can change only what this organisation owns.",
    )
    created = models.DateTimeField(auto_now_add=True)
    name_given_here = models.BooleanField(
        "name given by this partnership", default=False, editable=False,
        help_text="The account was made by this membership's invitation, with the full name "
                  "this partnership's admin typed.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__full_name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "user"], name="one_membership_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.partnership.short_name})"

    @property
    def known_full_name(self) -> str:
        """The person's full name if this partnership may see it, or "" (see
        `known_full_name`)."""
        return known_full_name(self.user, self)

    @property
    def known_name(self) -> str:
        return self.known_full_name or self.user.email


def known_full_name(user, membership) -> str:
    """`user`'s full name if the partnership of `membership` (a Membership, or a historical
    record of one) may see it, or "".

    An admin who adds an existing account by typing its email address must not learn the
    name the person gave elsewhere. The name is known when this partnership's admin typed it,
    inviting the person (the invitation made the account), or once the person has signed in
    since being added.
    """
    signed_in_since = user.last_login is not None and user.last_login >= membership.created
    return user.full_name if membership.name_given_here or signed_in_since else ""


class Event(models.Model):
    """A business event people read ("member added"), beside the field-level history."""

    # The index below, led by the partnership, serves lookups by partnership.
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, db_index=False,
                                    related_name="events")
    verb = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    via = models.CharField(max_length=40, default="web")
    object_kind = models.CharField(max_length=40, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    description = models.TextField()
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        # The Activity page reads a partnership's events by position (newest first): one
        # ordered read of this index, however many events this or other partnerships have.
        indexes = [models.Index(fields=["partnership", "created", "id"],
                                name="event_partnership_by_time")]

    def __str__(self) -> str:
        return self.description

    @property
    def verb_label(self) -> str:
        from pif.partnerships.events import EVENT_VERBS

        return EVENT_VERBS.get(self.verb, self.verb)
