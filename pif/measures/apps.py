from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "pif.measures"
    verbose_name = "Measures"

    def ready(self) -> None:
        from pif.measures import registrations

        registrations.register_all()
