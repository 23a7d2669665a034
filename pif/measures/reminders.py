"""Reminders other apps add to `pif send_reminders`, without measures importing them.

An app registers a sender from its `ready()` (through its registrations):
`reminders.register(sender)`. A sender is `sender(partnership, today) -> list[Reminder]`; the
command sends each reminder after the data reminders, in the same run, and calls its
`sent()` once it has gone, so the app can record it and not send it again.

| name | what it does |
|---|---|
| `Reminder(message, sent)` | one email (a Django `EmailMessage`) and what to do once it is sent |
| `register(sender)` | add a sender; registering one twice keeps one |
| `registered()` | the senders, in the order registered |
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import EmailMessage


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class Reminder:
    message: EmailMessage
    sent: Callable[[], None] = _nothing

    @property
    def subject(self) -> str:
        return self.message.subject

    @property
    def recipients(self) -> list[str]:
        return list(self.message.to)


_SENDERS: list[Callable] = []


def register(sender: Callable) -> None:
    if sender not in _SENDERS:
        _SENDERS.append(sender)


def registered() -> tuple[Callable, ...]:
    return tuple(_SENDERS)
