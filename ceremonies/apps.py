from django.apps import AppConfig


class CeremoniesConfig(AppConfig):
    name = "ceremonies"
