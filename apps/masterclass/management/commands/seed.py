from django.core.management.base import BaseCommand

from apps.cards.seeding import seed_cards
from apps.masterclass.seeding import seed_masterclass
from apps.paths.seeding import seed_paths
from apps.tags.seeding import seed_concepts


class Command(BaseCommand):
    help = "Load the starter content (idempotent: running it again changes nothing)."

    def handle(self, *args, **options):
        concepts = seed_concepts()
        self.stdout.write(f"concept tags: {concepts} created")
        cards = seed_cards()
        self.stdout.write(f"definition cards: {cards} created")
        paths = seed_paths()
        self.stdout.write(f"study paths: {paths} created")
        threads = seed_masterclass()
        self.stdout.write(f"master-class threads: {threads} created")
