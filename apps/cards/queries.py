"""Reads of the deck: what is due, how many, whether a concept is in it."""

import datetime as dt

from django.utils import timezone

from apps.cards.models import DeckCard

DUE_CARDS = "_due_cards"  # set on the member by apps.accounts.backends.MemberBackend


def due_cards(user, now: dt.datetime | None = None):
    """`user`'s due cards, the longest-waiting first, with their concept (one query)."""
    return (
        DeckCard.objects.filter(user=user, due__lte=now or timezone.now())
        .select_related("card__concept")
        .order_by("due", "pk")
    )


def due_count(user) -> int:
    """How many cards `user` has due: counted with the member when MemberBackend loaded them,
    else here (one query, once per request)."""
    if getattr(user, DUE_CARDS, None) is None:
        setattr(user, DUE_CARDS, due_count_at(user, timezone.now()))
    return getattr(user, DUE_CARDS)


def due_count_at(user, now: dt.datetime) -> int:
    """How many of `user`'s cards are due at `now` (one query)."""
    return DeckCard.objects.filter(user=user, due__lte=now).count()


def in_deck(user, tag) -> bool:
    return user.is_authenticated and DeckCard.objects.filter(user=user, card__concept=tag).exists()
