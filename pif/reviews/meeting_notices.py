"""The email that goes with an issued briefing memo: to the chair and the attendees, with a
link to the memo. Sent once the issue is saved (nothing for a change rolled back); never
for the demo, whose people are invented; a mail server that fails is logged, not raised, as
in pif/improvement/notices.py."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from pif.actors import Actor
from pif.lib.text import one_line

logger = logging.getLogger(__name__)


def briefing_link(meeting) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "meeting_briefing", args=[meeting.series.partnership.short_name, meeting.pk])


def briefing_email(meeting, recipients: list[str]) -> EmailMultiAlternatives:
    context = {"meeting": meeting, "series": meeting.series,
               "partnership": meeting.series.partnership, "link": briefing_link(meeting)}
    message = EmailMultiAlternatives(
        subject=one_line(f"Briefing memo: {meeting}"),
        body=render_to_string("reviews/meetings/email/briefing.txt", context), to=recipients)
    message.attach_alternative(render_to_string("reviews/meetings/email/briefing.html",
                                                context), "text/html")
    return message


def briefing_recipient_count(actor: Actor, meeting) -> int:
    """How many people issuing the memo now would email (none from the demo), so the page
    says what happened rather than promising emails nobody gets."""
    from pif.reviews.services.meetings import briefing_recipients

    if actor.is_demo:
        return 0
    return len(briefing_recipients(meeting))


def briefing_issued(actor: Actor, meeting) -> None:
    from pif.reviews.services.meetings import briefing_recipients

    if actor.is_demo:
        return

    def send():
        recipients = briefing_recipients(meeting)
        if not recipients:
            return
        try:
            briefing_email(meeting, recipients).send()
        except (smtplib.SMTPException, OSError):
            logger.exception("Briefing memo for meeting %s not emailed", meeting.pk)
    transaction.on_commit(send)
