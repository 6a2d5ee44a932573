import django.db.models.functions.text
from django.db import migrations, models


def clear_duplicate_emails(apps, schema_editor):
    """Before the constraint: an address typed by several members (the profile form never
    checked) stays with the oldest account and is cleared, with its digest, on the others."""
    User = apps.get_model("accounts", "User")
    seen = set()
    for pk, email in User.objects.exclude(email="").order_by("pk").values_list("pk", "email"):
        key = email.strip().lower()
        if key in seen:
            User.objects.filter(pk=pk).update(email="", email_digest=False)
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_achievements_and_visits"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_verified",
            field=models.BooleanField(default=False, verbose_name="email verified"),
        ),
        migrations.RunPython(clear_duplicate_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("email", ""), _negated=True),
                name="accounts_user_email_unique_ci",
            ),
        ),
    ]
