from django.apps import AppConfig


class ExamplesConfig(AppConfig):
    name = "apps.examples"
