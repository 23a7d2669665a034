"""How many password reset emails PIF sends, so nobody can fill an inbox with them or use
the page to send mail in bulk: one per email address every 15 minutes, and five per client
address an hour. Sends are counted in the database, so every server process sees them."""

from datetime import timedelta

from django.utils import timezone
from django.utils.crypto import salted_hmac

from pif.accounts.models import PasswordResetSent

ADDRESS_INTERVAL = timedelta(minutes=15)
CLIENT_WINDOW = timedelta(hours=1)
CLIENT_LIMIT = 5


def may_send(email: str, client: str) -> bool:
    now = timezone.now()
    address_sent = _sends(PasswordResetSent.ADDRESS, email, since=now - ADDRESS_INTERVAL)
    client_sent = _sends(PasswordResetSent.CLIENT, client, since=now - CLIENT_WINDOW)
    return not address_sent.exists() and client_sent.count() < CLIENT_LIMIT


def record_sent(email: str, client: str) -> None:
    now = timezone.now()
    # Older sends no longer count towards either limit.
    PasswordResetSent.objects.filter(sent_at__lt=now - max(ADDRESS_INTERVAL, CLIENT_WINDOW)
                                     ).delete()
    PasswordResetSent.objects.bulk_create([
        PasswordResetSent(kind=PasswordResetSent.ADDRESS, key=_key(email), sent_at=now),
        PasswordResetSent(kind=PasswordResetSent.CLIENT, key=_key(client), sent_at=now),
    ])


def _sends(kind: str, value: str, since):
    return PasswordResetSent.objects.filter(kind=kind, key=_key(value), sent_at__gte=since)


def _key(value: str) -> str:
    return salted_hmac("pif.accounts.reset_limits", value.strip().lower(),
                       algorithm="sha256").hexdigest()
