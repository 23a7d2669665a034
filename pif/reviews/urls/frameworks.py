"""Stage 6 addresses: frameworks."""

urlpatterns: list = []
