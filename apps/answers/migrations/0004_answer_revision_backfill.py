"""Revision 1 for every answer posted before revisions were kept: the text as it is now."""

from django.db import migrations

BATCH = 500


def backfill(apps, schema_editor):
    Answer = apps.get_model("answers", "Answer")
    AnswerRevision = apps.get_model("answers", "AnswerRevision")
    # The ids first: the loop writes to the table the "no revision yet" filter reads.
    ids = list(
        Answer.objects.filter(revisions__isnull=True).order_by("pk").values_list("pk", flat=True)
    )
    for start in range(0, len(ids), BATCH):
        answers = Answer.objects.filter(pk__in=ids[start : start + BATCH]).only(
            "pk", "author_id", "created_at", "body"
        )
        AnswerRevision.objects.bulk_create(
            AnswerRevision(
                answer_id=answer.pk,
                number=1,
                author_id=answer.author_id,
                created_at=answer.created_at,
                body=answer.body,
            )
            for answer in answers
        )


class Migration(migrations.Migration):
    dependencies = [("answers", "0003_answer_edited_by_answerrevision")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
