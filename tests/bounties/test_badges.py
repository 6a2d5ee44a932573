"""The bounty badges, awarded by the bounties app's own services, and found by the recount."""

import pytest

from apps.badges.models import BadgeAward
from apps.badges.services import badges_recount
from apps.bounties.services import bounty_award, bounty_offer

pytestmark = pytest.mark.django_db


def held(user) -> set[str]:
    return set(BadgeAward.objects.filter(user=user).values_list("badge", flat=True))


def test_offering_earns_sponsor_and_winning_earns_bounty_hunter(
    make_rich, make_old_question, make_answer
):
    offerer = make_rich(300)
    question = make_old_question()
    bounty_offer(user=offerer, question=question, amount=50)
    assert "sponsor" in held(offerer)
    answer = make_answer(question=question)
    bounty_award(user=offerer, answer=answer)
    assert "bounty-hunter" in held(answer.author)
    stored = set(BadgeAward.objects.values_list("user_id", "badge", "concept_id"))
    BadgeAward.objects.filter(badge__in=["sponsor", "bounty-hunter"]).delete()
    assert badges_recount() == 2  # the rules read the Bounty rows back
    assert set(BadgeAward.objects.values_list("user_id", "badge", "concept_id")) == stored
