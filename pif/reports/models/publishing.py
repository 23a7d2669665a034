"""Public performance pages: an editor publishes a snapshot, and the public sees only the last
one published, never live edits (docs/adr/0019-reports-and-public-pages.md)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from pif.partnerships.models import Partnership


class Licence(models.TextChoices):
    OGL_3 = "OGL-UK-3.0", "Open Government Licence v3.0"
    CC_BY_4 = "CC-BY-4.0", "Creative Commons Attribution 4.0"
    CC0 = "CC0-1.0", "Creative Commons Zero (public domain)"


LICENCE_URIS = {
    Licence.OGL_3: "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class PublicSettings(models.Model):
    partnership = models.OneToOneField(Partnership, on_delete=models.CASCADE,
                                       related_name="public_settings", primary_key=True)
    licence = models.CharField(max_length=20, choices=Licence.choices, default=Licence.OGL_3,
                               help_text="The licence the open data is published under.")
    small_number_threshold = models.PositiveSmallIntegerField(
        "small numbers", default=10, validators=[MinValueValidator(0), MaxValueValidator(1000)],
        help_text="Counts from 1 up to one less than this are flagged before publishing and "
                  "can be suppressed. Public Health Scotland suppresses 1 to 9 in some data: "
                  "enter 10 for that. Enter 0 to flag nothing.")
    contact_email = models.EmailField(
        "contact email", blank=True,
        help_text="Where the public can ask about the figures or report an accessibility "
                  "problem.")
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Public settings of {self.partnership_id}"

    @property
    def licence_uri(self) -> str:
        return LICENCE_URIS[Licence(self.licence)]


class Suppression(models.Model):
    """An editor's choice to suppress an indicator's small numbers on the public pages."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="suppressions")
    indicator = models.OneToOneField("measures.Indicator", on_delete=models.CASCADE,
                                     related_name="suppression")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Suppression of {self.indicator_id}"


class Publication(models.Model):
    """One publishing of the public pages: the snapshot the public reads until the next."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="publications")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    note = models.TextField("what changed", blank=True)
    # The whole public view (pif.reports.public_snapshot): vision, outcomes, indicators with
    # their approved values, actions and commentary chosen for the public.
    content = models.JSONField(default=dict, editable=False)
    indicators_published = models.PositiveIntegerField(default=0, editable=False)
    indicators_in_plan = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = ["published_at", "id"]

    def __str__(self) -> str:
        return f"Publication {self.pk} of {self.partnership_id}"
