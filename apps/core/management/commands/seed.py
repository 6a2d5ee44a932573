from django.core.management.base import BaseCommand

from apps.core.seeding import seed_masterclass


class Command(BaseCommand):
    help = "Load the starter content (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        created = seed_masterclass()
        self.stdout.write(f"master-class threads: {created} created")
