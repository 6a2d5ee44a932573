from django.utils.functional import SimpleLazyObject

from apps.badges.achievements import unseen_count


def unseen(request):
    """`unseen_achievements`: the signed-in person's unseen count, counted only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unseen_achievements": 0}
    return {"unseen_achievements": SimpleLazyObject(lambda: unseen_count(user))}
