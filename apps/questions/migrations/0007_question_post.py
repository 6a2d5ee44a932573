import django.db.models.deletion
from django.core.management.color import no_style
from django.db import migrations, models


def link_posts(apps, schema_editor):
    """Give every question its post. Each post takes its question's id (no post exists yet),
    so all rows are linked in two statements however many there are."""
    Post = apps.get_model("posts", "Post")
    Question = apps.get_model("questions", "Question")
    quote = schema_editor.quote_name
    posts, questions = quote(Post._meta.db_table), quote(Question._meta.db_table)
    schema_editor.execute(f"INSERT INTO {posts} (id, kind) SELECT id, 'question' FROM {questions}")
    schema_editor.execute(f"UPDATE {questions} SET post_id = id")
    for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [Post]):
        schema_editor.execute(sql)
    _checked_now(schema_editor)


def unlink_posts(apps, schema_editor):
    Post = apps.get_model("posts", "Post")
    Question = apps.get_model("questions", "Question")
    Question.objects.update(post=None)
    Post.objects.filter(kind="question").delete()
    _checked_now(schema_editor)


def _checked_now(schema_editor):
    """PostgreSQL checks foreign keys at commit; the schema changes that follow in this
    migration may not run while rows written here wait for those checks."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0001_initial"),
        ("questions", "0006_live_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
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
            model_name="question",
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
