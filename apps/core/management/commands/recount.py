from django.core.management.base import BaseCommand
from django.db import transaction

from apps.questions.services import answer_counts_recount
from apps.reputation.services import reputation_recount
from apps.tags.services import tag_counts_recount
from apps.votes.services import scores_recount


class Command(BaseCommand):
    help = "Recompute every stored counter (scores, answer and tag counts, reputation) from rows."

    def handle(self, *args, **options):
        with transaction.atomic():
            scores = scores_recount()
            answers = answer_counts_recount()
            reputation = reputation_recount()
            tags = tag_counts_recount()
        self.stdout.write(
            f"fixed {scores} scores, {answers} answer counts, {reputation} reputations, "
            f"{tags} concept question counts"
        )
