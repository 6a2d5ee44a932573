import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

POST = {"to": "posts.post", "on_delete": django.db.models.deletion.CASCADE, "verbose_name": "post"}


def point_at_posts(apps, schema_editor):
    """A flag or log entry points at the post of its answer, else of its question (which
    stays, as the thread it is shown in)."""
    Answer = apps.get_model("answers", "Answer")
    Question = apps.get_model("questions", "Question")
    for name in ("Flag", "ModerationLog"):
        model = apps.get_model("moderation", name)
        model.objects.filter(answer__isnull=False).update(
            post_id=Subquery(Answer.objects.filter(pk=OuterRef("answer_id")).values("post_id")[:1])
        )
        model.objects.filter(answer__isnull=True).update(
            post_id=Subquery(
                Question.objects.filter(pk=OuterRef("question_id")).values("post_id")[:1]
            )
        )
    _checked_now(schema_editor)


def point_at_answers(apps, schema_editor):
    Answer = apps.get_model("answers", "Answer")
    for name in ("Flag", "ModerationLog"):
        model = apps.get_model("moderation", name)
        model.objects.filter(post__kind="answer").update(
            answer_id=Subquery(Answer.objects.filter(post_id=OuterRef("post_id")).values("pk")[:1])
        )
    _checked_now(schema_editor)


def _checked_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in this
    migration may not run while rows written here wait for those checks."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("questions", "0007_question_post"),
        ("answers", "0006_answer_post"),
        ("moderation", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="flag",
            name="post",
            field=models.ForeignKey(null=True, related_name="flags", **POST),
        ),
        migrations.AddField(
            model_name="moderationlog",
            name="post",
            field=models.ForeignKey(null=True, related_name="+", **POST),
        ),
        migrations.RemoveConstraint(model_name="flag", name="flag_question_once"),
        migrations.RemoveConstraint(model_name="flag", name="flag_answer_once"),
        migrations.RunPython(point_at_posts, point_at_answers, elidable=False),
        migrations.RemoveField(model_name="flag", name="answer"),
        migrations.RemoveField(model_name="moderationlog", name="answer"),
        migrations.AlterField(
            model_name="flag",
            name="post",
            field=models.ForeignKey(related_name="flags", **POST),
        ),
        migrations.AlterField(
            model_name="moderationlog",
            name="post",
            field=models.ForeignKey(related_name="+", **POST),
        ),
        migrations.AddConstraint(
            model_name="flag",
            constraint=models.UniqueConstraint(fields=("user", "post"), name="flag_post_once"),
        ),
    ]
