"""Improvement projects, change ideas and PDSA cycles."""

urlpatterns = []
