"""Web pages; see the module docstrings of the views."""

urlpatterns = []
