from django.core.management.base import BaseCommand

from apps.notifications.digest import digest_send_all


class Command(BaseCommand):
    help = (
        "Email each person who opted in a digest of their unread notifications not mailed yet. "
        "Meant for cron, once a day; running it twice mails nothing twice."
    )

    def handle(self, *args, **options):
        report = digest_send_all()
        self.stdout.write(
            f"mailed {report.notifications} notifications to {report.sent} people; "
            f"{report.failed} could not be mailed (tried again next run)"
        )
