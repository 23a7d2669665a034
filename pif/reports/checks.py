"""System checks for the public pages and open data (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

DEFAULT_SITE_URL = "http://127.0.0.1:8000"


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs=None, **kwargs) -> list[Warning]:
    """Open data names itself by absolute addresses built on ``SITE_URL`` (data.json's
    identifiers and download links): left at its default, they point at the machine that
    reads them, not at this site."""
    if getattr(settings, "SITE_URL", DEFAULT_SITE_URL).rstrip("/") != DEFAULT_SITE_URL:
        return []
    return [Warning(
        f"SITE_URL is still the default, {DEFAULT_SITE_URL}.",
        hint="Set the SITE_URL environment variable to the address the public reaches this "
             "site at (for example https://pif.example.gov.uk): the open data catalogue "
             "(data.json) builds its identifiers and download links on it.",
        id="pif.reports.W001")]
