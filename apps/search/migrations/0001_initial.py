import django.db.models.deletion
from django.db import migrations, models

# The full-text index is each database's own; Django's schema operations cannot express either.
POSTGRES = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector",
    "CREATE INDEX search_document_vector_gin ON search_searchdocument USING gin (vector)",
]
SQLITE = [
    # Terms are runs of word characters, underscores included (likelihood_fn, concept_rank).
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    "title, body, tokenize=\"unicode61 remove_diacritics 0 tokenchars '_'\")",
]


def create_index(apps, schema_editor):
    statements = POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS search_document_vector_gin")
        schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector")
    else:
        schema_editor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("questions", "0002_question_tags"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "question",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="questions.question",
                        verbose_name="question",
                    ),
                ),
                ("title_terms", models.TextField(editable=False)),
                ("body_terms", models.TextField(editable=False)),
                ("text", models.TextField(editable=False)),
            ],
            options={
                "verbose_name": "search document",
                "verbose_name_plural": "search documents",
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
