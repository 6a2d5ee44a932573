"""Revision 1 for every question asked before revisions were kept: the text as it is now."""

from django.db import migrations

BATCH = 500


def backfill(apps, schema_editor):
    Question = apps.get_model("questions", "Question")
    QuestionRevision = apps.get_model("questions", "QuestionRevision")
    # The ids first: the loop writes to the table the "no revision yet" filter reads.
    ids = list(
        Question.objects.filter(revisions__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        questions = Question.objects.filter(pk__in=ids[start : start + BATCH]).prefetch_related(
            "tags"
        )
        QuestionRevision.objects.bulk_create(
            QuestionRevision(
                question_id=question.pk,
                number=1,
                author_id=question.author_id,
                created_at=question.created_at,
                title=question.title,
                body=question.body,
                tags=",".join(sorted(tag.slug for tag in question.tags.all())),
            )
            for question in questions
        )


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0003_question_edited_by_questionrevision"),
        ("tags", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
