from django.apps import AppConfig
from django.db.models.signals import pre_save


class AccountsConfig(AppConfig):
    name = "pif.accounts"
    verbose_name = "Accounts"

    def ready(self):
        from pif.validation import refuse_control_characters

        # One guard for every model of every PIF app (see pif/validation.py).
        pre_save.connect(refuse_control_characters, dispatch_uid="pif_single_line_text")
