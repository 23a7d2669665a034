"""Stage 6 addresses: cycles."""

urlpatterns: list = []
