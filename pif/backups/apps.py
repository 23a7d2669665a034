from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "pif.backups"
    verbose_name = "Backup, restore and a partnership's exit download"
