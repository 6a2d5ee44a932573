from django.apps import AppConfig
from django.urls import register_converter


class CoreConfig(AppConfig):
    name = "apps.core"

    def ready(self) -> None:
        from apps.core.converters import RowIdConverter

        # `<id:pk>` in every app's URLs; registered before any URLconf is loaded.
        register_converter(RowIdConverter, "id")
