from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pif.api"
    verbose_name = "REST API and tokens"

    def ready(self) -> None:
        from pif.api import signals  # noqa: F401 (connects the receivers)
