from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "apps.comments"

    def ready(self) -> None:
        from apps.comments.models import Comment
        from apps.posts.kinds import post_kind_register

        # A comment belongs to the post it is under (a question's or an answer's `Post`):
        # deleting that post for good takes its comments.
        post_kind_register(
            Comment,
            thread="question_id",
            parent="target",
            select=("author", "target", "question"),
            under=("question", "answer"),
        )
