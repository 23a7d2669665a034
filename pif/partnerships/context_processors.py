from django.conf import settings

PARTNERSHIP_SECTIONS = [
    ("partnership", "Overview"),
    ("organisations", "Organisations"),
    ("members", "Members"),
    ("history", "History"),
    ("events", "Activity"),
    ("partnership_settings", "Settings"),
]


def site(request):
    return {"site_name": settings.SITE_NAME, "partnership_sections": PARTNERSHIP_SECTIONS}
