"""The token in a password reset link.

Invitations use Django's default generator, which lasts PASSWORD_RESET_TIMEOUT (7 days, long
enough for a newcomer to get round to it). A reset link is asked for by the person who uses
it, so it lasts an hour; its own key_salt keeps the two kinds of token apart.
"""

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int

RESET_LINK_LIFETIME_SECONDS = 60 * 60


class PasswordResetLinkTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "pif.accounts.tokens.PasswordResetLinkTokenGenerator"

    def check_token(self, user, token) -> bool:
        # Django checks its own PASSWORD_RESET_TIMEOUT; a reset link must also be recent.
        if not super().check_token(user, token):
            return False
        made_at = base36_to_int(token.split("-")[0])
        return self._num_seconds(self._now()) - made_at <= RESET_LINK_LIFETIME_SECONDS


password_reset_token_generator = PasswordResetLinkTokenGenerator()
