"""Stage 6 addresses: follow-ups and the meeting in progress."""

urlpatterns: list = []
