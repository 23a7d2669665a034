from django.conf import settings
from django.db import models

from pif.partnerships.models import Partnership


class Upload(models.Model):
    """A file waiting between its preview and its import, so nothing is read twice from the
    person's disk and the preview shows exactly what will be imported."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE,
                                    related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    related_name="+")
    filename = models.CharField(max_length=255)
    content = models.BinaryField()
    mapping = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.filename
