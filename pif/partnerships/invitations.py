"""Invitations: a new member gets an email with a link to set their password."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from pif.lib.text import one_line


def invitation_link(user, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("invitation_accept", args=[uid, token])


def send_invitation(request, membership, base_url: str | None = None) -> None:
    if base_url is None:
        base_url = request.build_absolute_uri("/") if request else settings.SITE_URL
    context = {
        "membership": membership,
        "link": invitation_link(membership.user, base_url),
        "site_name": settings.SITE_NAME,
        "invited_by": request.user.display_name if request else "An operator",
    }
    send_mail(
        # one_line: a name stored before names had to be single lines must not stop the email.
        subject=one_line(f"You have been invited to {membership.partnership.name} "
                         f"on {settings.SITE_NAME}"),
        message=render_to_string("partnerships/email/invitation.txt", context),
        from_email=None,
        recipient_list=[membership.user.email],
    )
