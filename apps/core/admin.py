class ReadOnlyAdminMixin:
    """For rows that change only through domain services (votes, the reputation ledger).

    Editing one by hand would leave a score or a reputation total disagreeing with its rows.
    """

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def dates_save(obj, form, fields: tuple[str, ...]) -> bool:
    """Save the date fields of an admin `form` that staff changed; return whether any was.

    Only those columns, so a concurrent F() update of a counter survives. The widget shows
    whole seconds, so a stored time with microseconds posted back unchanged counts as
    unchanged (Django's `changed_data` would call it changed).
    """
    typed = {}
    for name in fields:
        before, after = form.initial.get(name), form.cleaned_data.get(name)
        if (before.replace(microsecond=0) if before else before) != after:
            typed[name] = after
    for name, value in typed.items():
        setattr(obj, name, value)
    if typed:
        obj.save(update_fields=list(typed))
    return bool(typed)
