from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "pif.people"
    verbose_name = "Develop people"

    def ready(self) -> None:
        from pif.people import registrations

        registrations.register_all()
