from django.apps import AppConfig


class MasterclassConfig(AppConfig):
    name = "apps.masterclass"
