from django.utils.functional import SimpleLazyObject

from apps.notifications.services import unread_count


def unread(request):
    """`unread_notifications`: the signed-in person's unread count, queried only if shown."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(request))}
