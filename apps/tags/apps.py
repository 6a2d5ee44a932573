from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "apps.tags"

    def ready(self) -> None:  # its counters, repaired by `manage.py recount`
        from apps.core.counters import register_recount
        from apps.tags.services import tag_counts_recount

        register_recount("concept question counts", tag_counts_recount, order=40)
