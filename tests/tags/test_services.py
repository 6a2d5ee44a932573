import pytest

from apps.core.errors import ActionRefused, InvalidAction
from apps.questions.services import question_edit
from apps.tags.models import ConceptTag
from apps.tags.services import tag_counts_recount, tag_names_parse, tags_lookup

pytestmark = pytest.mark.django_db


def test_names_are_split_on_commas_trimmed_and_deduplicated():
    assert tag_names_parse(" 우도 , Cross-Entropy,, cross-entropy，행렬 분해 ") == [
        "우도",
        "Cross-Entropy",
        "행렬 분해",
    ]


def test_lookup_matches_slug_names_and_aliases_in_any_case(make_tag):
    likelihood = make_tag("likelihood", name_ko="가능도", name_en="Likelihood", aliases="우도, MLE")
    entropy = make_tag("cross-entropy", name_ko="교차 엔트로피", name_en="Cross-entropy")
    lookup = tags_lookup(["우도", "CROSS-ENTROPY", "likelihood", "교차 엔트로피", "없는개념"])
    assert lookup.found == [likelihood, entropy]
    assert lookup.unknown == ["없는개념"]


def test_an_alias_must_match_whole_not_as_a_fragment(make_tag):
    make_tag("likelihood", aliases="우도, likelihood function")
    assert tags_lookup(["function"]).unknown == ["function"]


def test_a_question_needs_one_to_five_tags(make_user, make_question, make_tag):
    for count in (1, 5):
        tags = [make_tag().slug for _ in range(count)]
        question = make_question(tags=tags)
        assert question.tags.count() == count
    with pytest.raises(InvalidAction):
        make_question(tags=[])
    with pytest.raises(InvalidAction):
        make_question(tags=[make_tag().slug for _ in range(6)])


def test_unknown_tags_are_refused_below_300_reputation(make_user, make_question):
    with pytest.raises(ActionRefused, match="300"):
        make_question(author=make_user(reputation=299), tags=["새로운 개념"])
    assert not ConceptTag.objects.filter(name_ko="새로운 개념").exists()


def test_300_reputation_or_staff_may_create_a_tag(make_user, make_question):
    question = make_question(author=make_user(reputation=300), tags=["확률 과정"])
    created = ConceptTag.objects.get(slug="확률-과정")
    assert created.area.slug == "unsorted"
    assert list(question.tags.all()) == [created]
    make_question(author=make_user(is_staff=True), tags=["Stochastic process"])
    assert ConceptTag.objects.filter(slug="stochastic-process").exists()


def test_question_counts_follow_tag_changes(make_question, make_tag):
    a, b, c = make_tag("a-concept"), make_tag("b-concept"), make_tag("c-concept")
    question = make_question(tags=["a-concept", "b-concept"])
    question_edit(
        user=question.author,
        question=question,
        title=question.title,
        body="본문 수정입니다",
        tags=["b-concept", "c-concept"],
    )
    for tag, expected in ((a, 0), (b, 1), (c, 1)):
        tag.refresh_from_db()
        assert tag.question_count == expected
    assert tag_counts_recount() == 0
    ConceptTag.objects.filter(pk=b.pk).update(question_count=9)
    assert tag_counts_recount() == 1
    b.refresh_from_db()
    assert b.question_count == 1
