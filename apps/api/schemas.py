"""What the API answers, typed: these classes are the OpenAPI document's schemas."""

from datetime import datetime

from ninja import Schema


class Error(Schema):
    code: str
    message: str
    errors: dict[str, list[str]]


class Author(Schema):
    id: int
    username: str
    display_name: str
    reputation: int


class TagRef(Schema):
    slug: str
    name_ko: str
    name_en: str


class QuestionRow(Schema):
    id: int
    title: str
    url: str
    score: int
    answer_count: int
    view_count: int
    accepted_answer_id: int | None
    author: Author
    tags: list[TagRef]
    created_at: datetime
    last_activity_at: datetime
    bounty_amount: int | None = None  # the open bounty, on the featured tab


class QuestionPage(Schema):
    count: int | None = None  # known for search results only (lists are not counted)
    page: int
    page_size: int
    next: str | None
    results: list[QuestionRow]


class Comment(Schema):
    id: int
    score: int
    author: Author
    body: str
    body_html: str
    created_at: datetime
    updated_at: datetime | None


class Answer(Schema):
    id: int
    score: int
    accepted: bool
    author: Author
    body: str
    body_html: str
    created_at: datetime
    updated_at: datetime | None
    revision: int  # the latest revision: an edit may name it as its base (409 if outdated)
    comments: list[Comment]


class Section(Schema):
    """The D2L section a question was asked while reading (its page: `url`)."""

    number: str
    title_en: str
    title_ko: str
    url: str


class Paper(Schema):
    """The paper a question implements, with the results as written and the gap between them
    (null when the two results measure different things)."""

    paper_url: str
    code_url: str
    reported: str
    reproduced: str
    gap: float | None


class QuestionDetail(QuestionRow):
    """A question as its list row has it, and what its page adds."""

    body: str
    body_html: str
    updated_at: datetime | None
    closed: bool
    closed_reason: str
    section: Section | None = None
    paper: Paper | None = None
    revision: int  # the latest revision: an edit may name it as its base (409 if outdated)
    comments: list[Comment]
    answers: list[Answer]


class Area(Schema):
    slug: str
    name_ko: str
    name_en: str


class StudyLink(Schema):
    section: str
    title_en: str
    url_en: str
    title_ko: str
    url_ko: str
    closest: bool


class Concept(Schema):
    slug: str
    name_ko: str
    name_en: str
    url: str
    area: Area
    question_count: int
    description_ko: str
    description_en: str
    prerequisites: list[TagRef]
    links: list[StudyLink]


class Profile(Schema):
    id: int
    username: str
    display_name: str
    reputation: int
    url: str
    bio: str
    bio_html: str
    date_joined: datetime
    question_count: int
    answer_count: int
