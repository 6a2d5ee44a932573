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
