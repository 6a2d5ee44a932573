import pytest
from django.core.management import CommandError, call_command

from apps.tokens.services import token_check

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_working_token_once(make_user, capsys):
    member = make_user("봇주인")
    call_command("token_create", "봇주인", "--name", "봇", "--scope", "write", "--days", "7")
    token = capsys.readouterr().out.strip()
    user, row = token_check(token)
    assert (user, row.name, row.scope, row.expires_at is not None) == (member, "봇", "write", True)
    with pytest.raises(CommandError, match="봇"):  # a live token of that name exists already
        call_command("token_create", "봇주인", "--name", "봇")
    with pytest.raises(CommandError):
        call_command("token_create", "없는사람")
