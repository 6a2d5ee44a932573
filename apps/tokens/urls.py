from django.urls import path

from apps.tokens import views

app_name = "tokens"

urlpatterns = [
    path("accounts/tokens/", views.tokens, name="tokens"),
    path("accounts/tokens/<int:token_id>/revoke/", views.revoke, name="revoke"),
]
