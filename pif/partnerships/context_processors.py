from django.conf import settings

# The links under a partnership's heading. Apps add theirs with `add_section` in ready().
PARTNERSHIP_SECTIONS = [
    ("partnership", "Overview"),
    ("organisations", "Organisations"),
    ("members", "Members"),
    ("history", "History"),
    ("events", "Activity"),
    ("partnership_settings", "Settings"),
]


def add_section(url_name: str, label: str, after: str = "partnership") -> None:
    if any(name == url_name for name, _ in PARTNERSHIP_SECTIONS):
        return
    position = next(i for i, (name, _) in enumerate(PARTNERSHIP_SECTIONS) if name == after)
    PARTNERSHIP_SECTIONS.insert(position + 1, (url_name, label))


def site(request):
    return {"site_name": settings.SITE_NAME, "partnership_sections": PARTNERSHIP_SECTIONS}


def partnership_access(request):
    """`access` and `partnership` for every template of a partnership's page, from the
    Access that `partnership_view` keeps on the request; nothing on other pages."""
    access = getattr(request, "access", None)
    if access is None:
        return {}
    return {"access": access, "partnership": access.partnership}
