from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pif.api"
    verbose_name = "REST API and tokens"
