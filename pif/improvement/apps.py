from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "pif.improvement"
    verbose_name = "Take action"

    def ready(self) -> None:
        from pif.improvement import registrations

        registrations.register_all()
