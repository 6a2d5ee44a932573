import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def point_at_posts(apps, schema_editor):
    """An accept or penalty event points at the post of its answer, else of its question."""
    Event = apps.get_model("reputation", "ReputationEvent")
    for app, model, field in (("answers", "Answer", "answer"), ("questions", "Question", "question")):
        rows = apps.get_model(app, model).objects.filter(pk=OuterRef(f"{field}_id"))
        Event.objects.filter(**{f"{field}__isnull": False, "post__isnull": True}).update(
            post_id=Subquery(rows.values("post_id")[:1])
        )
    _checked_now(schema_editor)


def point_at_rows(apps, schema_editor):
    Event = apps.get_model("reputation", "ReputationEvent")
    for app, model, field in (("answers", "Answer", "answer"), ("questions", "Question", "question")):
        rows = apps.get_model(app, model).objects.filter(post_id=OuterRef("post_id"))
        Event.objects.filter(post__kind=field).update(
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
        ("reputation", "0002_remove_reputationevent_reputation_event_has_cause_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="reputationevent",
            name="post",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reputation_events",
                to="posts.post",
                verbose_name="post",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="reputationevent", name="reputation_event_has_cause"
        ),
        migrations.RunPython(point_at_posts, point_at_rows, elidable=False),
        migrations.RemoveField(model_name="reputationevent", name="answer"),
        migrations.RemoveField(model_name="reputationevent", name="question"),
        migrations.AddConstraint(
            model_name="reputationevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("vote__isnull", False), ("post__isnull", False), _connector="OR"),
                name="reputation_event_has_cause",
            ),
        ),
    ]
