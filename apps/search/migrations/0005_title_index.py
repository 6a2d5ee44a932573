from django.db import migrations

# A word in many questions: its title matches (far fewer) are found and ranked first through
# this index; the rest are only needed when fewer than the result limit have it in the title.
CREATE = "CREATE INDEX search_title_vector_gin ON search_searchdocument USING gin (title_vector)"
DROP = "DROP INDEX IF EXISTS search_title_vector_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0004_narrow_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
