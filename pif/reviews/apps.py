from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "pif.reviews"
    verbose_name = "Review the cycle"

    def ready(self) -> None:
        from pif.reviews import registrations

        registrations.register_all()
