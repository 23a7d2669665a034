from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pif.reports"
    verbose_name = "Reports, public pages and open data"

    def ready(self) -> None:
        from pif.reports import checks, registrations  # noqa: F401 - checks registers itself

        registrations.register_all()
