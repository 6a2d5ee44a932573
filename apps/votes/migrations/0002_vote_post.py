import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def point_at_posts(apps, schema_editor):
    """Each vote points at the post of its question or answer."""
    Vote = apps.get_model("votes", "Vote")
    for app, model, field in (("questions", "Question", "question"), ("answers", "Answer", "answer")):
        rows = apps.get_model(app, model).objects.filter(pk=OuterRef(f"{field}_id"))
        Vote.objects.filter(**{f"{field}__isnull": False}).update(
            post_id=Subquery(rows.values("post_id")[:1])
        )
    _checked_now(schema_editor)


def point_at_rows(apps, schema_editor):
    Vote = apps.get_model("votes", "Vote")
    for app, model, field in (("questions", "Question", "question"), ("answers", "Answer", "answer")):
        rows = apps.get_model(app, model).objects.filter(post_id=OuterRef("post_id"))
        Vote.objects.filter(post__kind=field).update(
            **{f"{field}_id": Subquery(rows.values("pk")[:1])}
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
        ("votes", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="vote",
            name="post",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="votes",
                to="posts.post",
                verbose_name="post",
            ),
        ),
        migrations.RemoveConstraint(model_name="vote", name="vote_on_exactly_one_post"),
        migrations.RemoveConstraint(model_name="vote", name="one_vote_per_user_per_question"),
        migrations.RemoveConstraint(model_name="vote", name="one_vote_per_user_per_answer"),
        migrations.RunPython(point_at_posts, point_at_rows, elidable=False),
        migrations.RemoveField(model_name="vote", name="question"),
        migrations.RemoveField(model_name="vote", name="answer"),
        migrations.AlterField(
            model_name="vote",
            name="post",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="votes",
                to="posts.post",
                verbose_name="post",
            ),
        ),
        migrations.AddConstraint(
            model_name="vote",
            constraint=models.UniqueConstraint(
                fields=("user", "post"), name="one_vote_per_user_per_post"
            ),
        ),
    ]
