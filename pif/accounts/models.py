"""People who sign in. Email is the sign-in name; a person's partnerships are memberships."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


def username_for_lockout(request, credentials) -> str:
    return (credentials or {}).get("username", "").strip().lower()


class PifUserManager(UserManager):
    def get_by_natural_key(self, username):
        # Addresses are stored in lower case; people type them however they like.
        return self.get(**{self.model.USERNAME_FIELD: username.strip().lower()})

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_user(email=email.lower(), password=password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_superuser(email=email.lower(), password=password, **extra_fields)


class User(AbstractUser):
    email = models.EmailField("email address", unique=True)
    # A copy of the email address (see save), so it must be as long as one may be.
    username = models.CharField(max_length=254, unique=True)
    full_name = models.CharField(max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = PifUserManager()

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.lower()
        self.username = self.email
        super().save(*args, **kwargs)


class PasswordResetSent(models.Model):
    """A password reset email sent, to limit how many go to one address or from one client.

    Kept in the database, not a per-process cache, so the limits hold across server
    processes and restarts. The key is a salted hash: no email or client address in clear.
    """

    ADDRESS = "address"
    CLIENT = "client"
    KIND_CHOICES = [(ADDRESS, "email address"), (CLIENT, "client address")]

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    key = models.CharField(max_length=64)
    sent_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:8]} at {self.sent_at}"


class ExternalIdentity(models.Model):
    """A sign-in account at an organisation's identity provider (OpenID Connect), linked to a
    PIF account. Found by the provider's issuer and subject, never by email: an email claim
    may be unverified, and one tenant could then claim another's person (pif/accounts/sso/)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="external_identities")
    provider = models.CharField(max_length=40, help_text="The provider's key in OIDC_PROVIDERS.")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    email = models.EmailField(max_length=254, blank=True,
                              help_text="The email the provider gave when the link was made.")
    linked_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "linked_at"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"],
                                    name="external_identity_unique_issuer_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}: {self.subject}"
