from django.core.management.base import BaseCommand

from apps.bounties.services import bounty_close_expired


class Command(BaseCommand):
    help = (
        "Settle bounties past their end and grace period: half to the best new answer "
        "(score 2 or more), or lost. Safe to run twice or at the same time (cron: hourly)."
    )

    def handle(self, *args, **options):
        closed = bounty_close_expired()
        awarded = sum(1 for bounty in closed if bounty.awarded_answer_id)
        self.stdout.write(f"closed {len(closed)} bounties ({awarded} awarded, the rest lost)")
