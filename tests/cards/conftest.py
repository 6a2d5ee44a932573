import pytest

from apps.cards.models import DefinitionCard


@pytest.fixture
def make_card(db, make_tag):
    """A concept with a definition card (a new concept unless one is given)."""

    def make(tag=None, *, formula: str = "L(\\theta \\mid x) = p(x \\mid \\theta)", **fields):
        tag = tag or make_tag()
        card = DefinitionCard(
            concept=tag,
            definition_ko=fields.pop("definition_ko", f"{tag.name_ko}의 정의입니다."),
            definition_en=fields.pop("definition_en", f"The definition of {tag.name_en}."),
            formula=formula,
            used_ko=fields.pop("used_ko", "최대우도추정에서 씁니다."),
            used_en=fields.pop("used_en", "Used in maximum likelihood estimation."),
            **fields,
        )
        card.save()
        return card

    return make
