from django.urls import re_path

from apps.drafts import views
from apps.drafts.models import DRAFT_KEY_PATTERN

app_name = "drafts"

urlpatterns = [
    re_path(rf"^drafts/(?P<key>{DRAFT_KEY_PATTERN})/$", views.draft, name="draft"),
    re_path(rf"^drafts/(?P<key>{DRAFT_KEY_PATTERN})/discard/$", views.discard, name="discard"),
]
