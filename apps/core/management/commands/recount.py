from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from apps.questions.services import answer_counts_recount
from apps.reputation.services import reputation_recount
from apps.votes.services import scores_recount


class Command(BaseCommand):
    help = "Recompute every stored counter (scores, answer counts, reputation) from the rows."

    def handle(self, *args, **options):
        with transaction.atomic():
            scores = scores_recount()
            answers = answer_counts_recount()
            reputation = reputation_recount()
        self.stdout.write(
            _("Fixed %(scores)d scores, %(answers)d answer counts, %(reputation)d reputations.")
            % {"scores": scores, "answers": answers, "reputation": reputation}
        )
