from django.apps import AppConfig


class PostsConfig(AppConfig):
    name = "apps.posts"

    def ready(self) -> None:  # posts left without their row, removed by `manage.py recount`
        from apps.core.counters import register_recount
        from apps.posts.models import posts_orphaned_delete

        register_recount("orphaned posts", posts_orphaned_delete, order=5)
