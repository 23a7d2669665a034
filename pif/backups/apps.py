from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "pif.backups"
    verbose_name = "Backup, restore and a partnership's exit download"

    def ready(self) -> None:
        from pif.backups import exit_data  # noqa: F401 - registers its event verb
