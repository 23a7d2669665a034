from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from pif.partnerships.models import Partnership


class Upload(models.Model):
    """A file waiting between its preview and its import, so nothing is read twice from the
    person's disk and the preview shows exactly what will be imported.

    The file is read and checked once, when it is uploaded, and the result kept in `checked`
    (`pif.measures.importing.Checked.to_json`): the preview and the import work from that and
    never read the file again, so a hostile file costs its reading once, not on every visit."""

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
    checked = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.filename

    def mark_imported(self, summary: str) -> None:
        """Record the import and drop the file: its values are now stored, with history, and
        keeping people's files longer than needed would only hold data we no longer use."""
        self.imported_at, self.summary, self.content = timezone.now(), summary, b""
        self.checked = None
        self.save(update_fields=["imported_at", "summary", "content", "checked"])


def remove_stale_uploads(days: int) -> tuple[int, int]:
    """Delete uploads more than `days` old and never imported, and the files of imported ones
    (kept by versions before files were dropped at import). Returns both counts."""
    if days < 1:
        raise ValueError("Keep files for at least a day: people may be checking a preview")
    cutoff = timezone.now() - timedelta(days=days)
    removed, _ = Upload.objects.filter(imported_at__isnull=True, created__lt=cutoff).delete()
    emptied = Upload.objects.filter(imported_at__isnull=False).exclude(content=b"").update(
        content=b"")
    return removed, emptied
