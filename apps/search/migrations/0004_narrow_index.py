from django.db import migrations

# PostgreSQL ranks by the title's terms alone: a small vector beside the full one, filled here
# from the full vector's weight-A (title) lexemes.
ADD_TITLE_VECTOR = [
    "ALTER TABLE search_searchdocument "
    "ADD COLUMN title_vector tsvector NOT NULL DEFAULT ''::tsvector",
    "UPDATE search_searchdocument SET title_vector = ts_filter(vector, '{a}')",
]


def add_title_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in ADD_TITLE_VECTOR:
            schema_editor.execute(statement)


def drop_title_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN title_vector")


class Migration(migrations.Migration):
    """The search table keeps only the index: phrases and snippets read the posts instead."""

    dependencies = [
        ("search", "0003_narrow_document"),
    ]

    operations = [
        migrations.RemoveField(model_name="searchdocument", name="text"),
        migrations.RunPython(add_title_vector, drop_title_vector),
    ]
