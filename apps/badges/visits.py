"""Days visited in a row, for the visiting badges: at most one write per member per day."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.badges.services import badges_check_for_visit


def visit_record(*, user) -> None:
    """Count today as a visit of `user` (loaded with the request, so a second request the same
    day costs no query): the streak goes on from yesterday, or starts again at 1."""
    today = timezone.localdate()
    if user.visit_day == today:
        return
    streak = user.visit_streak + 1 if user.visit_day == today - dt.timedelta(days=1) else 1
    with transaction.atomic():
        # Only the first request of the day writes (two at once: one wins, the other skips).
        moved = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .exclude(visit_day=today)
            .update(visit_day=today, visit_streak=streak)
        )
        if moved:
            badges_check_for_visit(user_id=user.pk, streak=streak)
    user.visit_day, user.visit_streak = today, streak


class VisitMiddleware:
    """Records a member's visit on their first request of the day (after authentication)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            visit_record(user=user)
        return self.get_response(request)
