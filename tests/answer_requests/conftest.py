"""A small community around two concepts: people who answered them well, and an asker."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.models import User
from apps.answers.models import Answer
from apps.answers.services import answer_accept


@dataclass
class Community:
    asker: User
    experts: dict  # name -> User
    tags: list  # the two concepts' slugs


@pytest.fixture
def community(make_user, make_tag, make_question, make_answer):
    """Under 우도 and 엔트로피: 'accepted' has two accepted answers (recent), 'upvoted' one
    answer scored 4 (recent), 'oldtimer' an accepted answer scored 5 from long ago (weight 8,
    not doubled), 'zero' an answer nobody liked (not suggested), 'elsewhere' an accepted
    answer under another concept only. The asker has reputation enough to ask."""
    likelihood = make_tag("likelihood", name_ko="우도", name_en="Likelihood")
    entropy = make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    other = make_tag("eigenvalue", name_ko="고윳값", name_en="Eigenvalue")
    asker = make_user("asker", reputation=50)
    experts = {
        name: make_user(name, reputation=100)
        for name in ("accepted", "upvoted", "oldtimer", "zero", "elsewhere")
    }

    def answered(name, tag, *, accept=False, score=0, days=1):
        owner = make_user(reputation=50)
        question = make_question(author=owner, tags=[tag.slug])
        answer = make_answer(question=question, author=experts[name], body=f"{name}의 답변입니다")
        if accept:
            answer_accept(user=owner, answer=answer)
        Answer.objects.filter(pk=answer.pk).update(
            score=score, created_at=timezone.now() - timedelta(days=days)
        )
        return answer

    answered("accepted", likelihood, accept=True)  # (3 + 0) × 2
    answered("accepted", entropy, accept=True)  # (3 + 0) × 2 → 12
    answered("upvoted", likelihood, score=4)  # (0 + 4) × 2 → 8, but more recent than oldtimer
    answered("oldtimer", entropy, accept=True, score=9, days=400)  # (3 + 5) × 1 → 8
    answered("zero", likelihood, score=-1)  # 0: not suggested
    answered("elsewhere", other, accept=True)
    return Community(asker=asker, experts=experts, tags=[likelihood.slug, entropy.slug])
