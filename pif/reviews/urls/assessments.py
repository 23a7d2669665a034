"""Stage 6 addresses: assessments."""

urlpatterns: list = []
