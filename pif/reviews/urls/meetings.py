"""Stage 6 addresses: meetings."""

urlpatterns: list = []
