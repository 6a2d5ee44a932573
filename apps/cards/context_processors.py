from django.utils.functional import SimpleLazyObject

from apps.cards.queries import due_count


def due(request):
    """`due_cards`: the signed-in member's due definition cards, counted only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"due_cards": 0}
    return {"due_cards": SimpleLazyObject(lambda: due_count(user))}
