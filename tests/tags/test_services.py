import pytest

from apps.core.errors import ActionRefused, InvalidAction
from apps.questions.services import question_edit
from apps.tags.models import ConceptTag
from apps.tags.services import tag_counts_recount, tag_names_parse, tag_slug, tags_lookup

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


def test_a_near_miss_is_taken_as_the_one_concept_it_means(make_tag):
    mle = make_tag("mle", name_ko="최대우도 추정", name_en="Maximum likelihood estimation")
    descent = make_tag("gradient-descent", name_ko="경사 하강법", name_en="Gradient descent")
    cases = {
        "최대우도": mle,  # the start of one concept's name (the suggestions showed it)
        "최대우도추정": mle,  # the name spaced differently
        "maximum-likelihood": mle,
        "경사하강법": descent,
        "GradientDescent": descent,
        "gradient_descent": descent,
    }
    for name, concept in cases.items():
        lookup = tags_lookup([name])
        assert (lookup.found, lookup.unknown, lookup.guessed) == ([concept], [], [(name, concept)])


def test_an_ambiguous_or_too_short_start_stays_unknown(make_tag):
    make_tag("cross-entropy", name_ko="교차 엔트로피", name_en="Cross-entropy")
    make_tag("cross-validation", name_ko="교차 검증", name_en="Cross-validation")
    make_tag("entropy", name_ko="엔트로피", name_en="Entropy")
    for name in ("교차", "cross", "cro", "교"):
        assert tags_lookup([name]).unknown == [name]
    # An exact name always wins over a longer one it starts.
    assert [tag.slug for tag in tags_lookup(["엔트로피"]).found] == ["entropy"]
    assert tags_lookup(["엔트로피"]).guessed == []


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


def test_a_new_concept_name_longer_than_the_column_is_refused(make_user, make_question):
    author = make_user(reputation=300)
    with pytest.raises(InvalidAction, match="60"):
        make_question(author=author, tags=["가" * 61])
    question = make_question(author=author, tags=["가" * 60])
    assert question.tags.get().name_ko == "가" * 60


def test_a_slug_cut_to_the_column_keeps_no_dangling_separator(make_user, make_question):
    # NFKC turns each ㎏ into "kg", so this 35-character name slugifies past 60 characters.
    name = "a" * 29 + "-" + "㎏" * 5
    assert tag_slug(name) == "a" * 29 + "-" + "kg" * 5
    assert tag_slug("b" * 58 + " ㎏") == "b" * 58 + "-k"
    assert tag_slug("b" * 59 + " x") == "b" * 59  # the cut leaves "-": dropped
    # One character, 18 after NFKC: a name within the limit whose slug is not.
    question = make_question(author=make_user(reputation=300), tags=["ﷺ" * 4])
    slug = question.tags.get().slug
    assert len(slug) <= 60
    assert not slug.endswith("-")


@pytest.mark.parametrize("control", ["\u200b", "\u200d", "\u200f", "\u202e", "\u2066", "\ufeff"])
def test_a_new_concept_name_with_invisible_controls_is_refused(make_user, make_question, control):
    with pytest.raises(InvalidAction, match="제어 문자") as refused:
        make_question(author=make_user(is_staff=True), tags=[f"관리{control}자"])
    assert control not in str(refused.value)
    assert not ConceptTag.objects.filter(name_ko__startswith="관리").exists()


def test_the_limit_counts_concepts_not_the_names_that_find_them(make_user, make_question, make_tag):
    make_tag("likelihood", name_ko="가능도", name_en="Likelihood", aliases="우도, MLE")
    others = [make_tag().slug for _ in range(4)]
    question = make_question(tags=["우도", "likelihood", "MLE", "가능도", *others])
    assert question.tags.count() == 5
    with pytest.raises(InvalidAction):
        make_question(tags=["우도", *others, make_tag().slug])


def test_two_new_names_with_one_slug_count_once(make_user, make_question, make_tag):
    others = [make_tag().slug for _ in range(4)]
    question = make_question(
        author=make_user(reputation=300), tags=["Markov chain", "markov-chain", *others]
    )
    assert question.tags.count() == 5
    assert ConceptTag.objects.filter(slug="markov-chain").count() == 1


def test_an_unprivileged_typo_is_explained_before_the_privilege(make_user, make_question):
    with pytest.raises(InvalidAction, match="제어 문자"):
        make_question(author=make_user(reputation=1), tags=["우도\u200b"])


def test_a_retag_heals_a_count_that_drifted(make_tag, make_question):
    make_tag("a-concept"), make_tag("b-concept")
    question = make_question(tags=["a-concept"])
    make_question(tags=["b-concept"])
    ConceptTag.objects.filter(slug="b-concept").update(question_count=0)  # e.g. manual SQL
    question_edit(
        user=question.author,
        question=question,
        title=question.title,
        body=question.body,
        tags=["b-concept"],
    )
    counts = dict(ConceptTag.objects.values_list("slug", "question_count"))
    assert counts == {"a-concept": 0, "b-concept": 2}
