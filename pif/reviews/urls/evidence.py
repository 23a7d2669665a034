"""Stage 6 addresses: evidence and findings."""

urlpatterns: list = []
