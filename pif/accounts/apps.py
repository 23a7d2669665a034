from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "pif.accounts"
    verbose_name = "Accounts"
