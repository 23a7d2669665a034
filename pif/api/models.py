"""API tokens: personal ones that act as their person, and service ones owned by an organisation.

A token is shown once, when it is made; only its SHA-256 hash is kept (a token is 32 random
bytes, so a plain hash is as strong as a slow one and lets a request be checked in one query).
`prefix` is the start of the token, kept so people can tell their tokens apart.

A service token acts through a user of its own (`service_user`), made with the token and never
able to sign in, so history and Activity name the token ("Finance feed, service token of NHS
Lanarkshire") and a data feed does not break when the officer who set it up leaves. That user
is no member of anything: pif/api/tokens.py gives it, for each request, an unsaved membership
with the token's organisation and role (see `access_for` in pif/partnerships/access.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from pif.history_writes import CLEAR_WITH_HISTORY
from pif.partnerships.models import Membership, Organisation

Role = Membership.Role
# The domain of a service token's own user's made-up email address (pif/api/tokens.py).
SERVICE_EMAIL_DOMAIN = "service-token.invalid"

# A service token may read, contribute or edit; managing members and settings stays with people.
SERVICE_ROLES = [
    (Role.VIEWER.value, Role.VIEWER.label),
    (Role.CONTRIBUTOR.value, Role.CONTRIBUTOR.label),
    (Role.EDITOR.value, Role.EDITOR.label),
]


class ApiToken(models.Model):
    class Kind(models.TextChoices):
        PERSONAL = "personal", "Personal"
        SERVICE = "service", "Service"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100, help_text="What the token is for, such as "
                            "'Nightly feed from the finance system'.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False,
                              help_text="The token's first characters, to tell tokens apart.")
    # Personal: the person it acts as. Service: the token's own user, which cannot sign in.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens")
    # Service tokens only: the organisation that owns it and the role it acts with.
    organisation = models.ForeignKey(Organisation, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="service_tokens")
    role = models.CharField(max_length=20, choices=SERVICE_ROLES, blank=True)
    # Emptied, in history, if that person is ever deleted (pif.history_writes.delete).
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=CLEAR_WITH_HISTORY, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=CLEAR_WITH_HISTORY, related_name="+")
    history = HistoricalRecords(excluded_fields=["token_hash", "last_used_at"])

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="api_token_service_has_organisation_and_role",
                condition=(
                    models.Q(kind="personal", organisation__isnull=True, role="")
                    | models.Q(kind="service", organisation__isnull=False)
                    & ~models.Q(role="")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_service(self) -> bool:
        return self.kind == self.Kind.SERVICE

    def is_usable(self, now=None) -> bool:
        if self.revoked_at is not None or self.expires_at <= (now or timezone.now()):
            return False
        # A personal token stops with its person's account; a service token's own user never
        # signs in, so is never active.
        return self.is_service or self.user.is_active

    @property
    def state(self) -> str:
        """"Active", "Expired" or "Revoked", for lists of tokens."""
        if self.revoked_at is not None:
            return "Revoked"
        if self.expires_at <= timezone.now():
            return "Expired"
        return "Active"
