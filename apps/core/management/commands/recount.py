from django.core.management.base import BaseCommand
from django.db import transaction

from apps.core.counters import registered_recounts


class Command(BaseCommand):
    help = "Recompute every stored counter (scores, answer and tag counts, reputation) from rows."

    def handle(self, *args, **options):
        # Each app registers its own recounts (apps.core.counters.register_recount).
        with transaction.atomic():
            fixed = [(label, recount()) for label, recount in registered_recounts()]
        self.stdout.write("fixed " + ", ".join(f"{count} {label}" for label, count in fixed))
