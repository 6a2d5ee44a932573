from django.contrib import admin

from apps.core.admin import ReadOnlyAdminMixin
from apps.following.models import ConceptFollow, QuestionFollow


@admin.register(ConceptFollow)
class ConceptFollowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "tag", "created_at")
    list_select_related = ("user", "tag")
    search_fields = ("user__username", "tag__slug")


@admin.register(QuestionFollow)
class QuestionFollowAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "question", "created_at")
    list_select_related = ("user", "question")
    search_fields = ("user__username",)
