"""Stage 6's meetings on the partnership overview (pif/partnerships/overview.py).

"Your meeting follow-ups", for you to do: the signed-in person's open follow-ups, one task
for each meeting series that has any, linked to that series' follow-ups filtered to them,
saying how many are overdue. One query whatever the partnership holds.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from pif.partnerships import overview


def my_follow_ups(access) -> list[overview.Task]:
    from pif.reviews.models import FollowUp, FollowUpStatus

    user = access.membership.user
    today = timezone.localdate()
    rows = (FollowUp.objects.filter(series__partnership=access.partnership, owner=user,
                                    status=FollowUpStatus.OPEN)
            .values("series_id", "series__name").order_by("series__name", "series_id")
            .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))))
    tasks = []
    for row in rows:
        url = reverse("series_follow_ups", args=[access.partnership.short_name,
                                                 row["series_id"]])
        summary = f"{row['open']} open" + (f", {row['overdue']} overdue" if row["overdue"]
                                           else "")
        tasks.append(overview.Task(f"Your follow-ups from {row['series__name']}",
                                   f"{url}?status=open&owner={user.pk}", summary))
    return tasks
