from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "pif.outcomes"
    verbose_name = "Vision and conditions"

    def ready(self) -> None:
        from pif.outcomes import registrations

        registrations.register_all()
