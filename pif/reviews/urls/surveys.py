"""Stage 6 addresses: surveys."""

urlpatterns: list = []
