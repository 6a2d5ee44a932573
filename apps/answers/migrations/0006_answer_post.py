import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def link_posts(apps, schema_editor):
    """Give every answer its post: its id shifted past the questions' posts, so all rows are
    linked in two statements however many there are."""
    Post = apps.get_model("posts", "Post")
    Answer = apps.get_model("answers", "Answer")
    quote = schema_editor.quote_name
    posts, answers = quote(Post._meta.db_table), quote(Answer._meta.db_table)
    shift = Post.objects.aggregate(top=models.Max("id"))["top"] or 0
    schema_editor.execute(
        f"INSERT INTO {posts} (id, kind) SELECT id + %s, 'answer' FROM {answers}", [shift]
    )
    schema_editor.execute(f"UPDATE {answers} SET post_id = id + %s", [shift])
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Post]):
        schema_editor.execute(sql)
    _checked_now(schema_editor)


def unlink_posts(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    Answer = apps.get_model("answers", "Answer")
    Answer.objects.update(post=None)
    Post.objects.filter(kind="answer").delete()
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
        ("answers", "0005_answer_deleted_at_answer_deleted_by_answer_deletion_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="post",
            field=models.OneToOneField(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(class)s",
                to="posts.post",
                verbose_name="post",
            ),
        ),
        migrations.RunPython(link_posts, unlink_posts, elidable=False),
        migrations.AlterField(
            model_name="answer",
            name="post",
            field=models.OneToOneField(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="%(class)s",
                to="posts.post",
                verbose_name="post",
            ),
        ),
    ]
