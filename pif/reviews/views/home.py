"""Stage 6's landing page: the meeting series, the self-assessments and the cycles, each
with its next step."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from pif.partnerships.access import Access, partnership_view
from pif.partnerships.stages import STAGES_BY_SLUG
from pif.reviews.stage_facts import due_to_close, review_counts


@partnership_view("read")
def reviews(request: HttpRequest, access: Access) -> HttpResponse:
    today = timezone.localdate()
    counts = review_counts(access.partnership, today)
    return render(request, "reviews/home.html", {
        "stage": STAGES_BY_SLUG["review"], "counts": counts,
        "due_to_close": due_to_close(counts.open_cycle, today)})
