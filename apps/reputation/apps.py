from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "apps.reputation"
