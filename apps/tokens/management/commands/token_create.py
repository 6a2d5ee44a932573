from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import ActionRefused
from apps.tokens.models import Scope
from apps.tokens.services import token_create


class Command(BaseCommand):
    help = (
        "Make a personal access token for a member and print it (once), as /accounts/tokens/ "
        "does: for a server's own bots and for trying the API (docs/api.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli", help="the token's name (unique per member)")
        parser.add_argument("--scope", choices=Scope.values, default=Scope.READ)
        parser.add_argument("--days", type=int, default=None, help="expires after this many days")

    def handle(self, *args, username, name, scope, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active member is called {username!r}.")
        try:
            _row, token = token_create(user=user, name=name, scope=scope, expires_in_days=days)
        except ActionRefused as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(token)
