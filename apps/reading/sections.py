"""The D2L sections a question can be asked while reading: the book's own table of contents.

Read once per process from the data files shipped with the code (the English 1.0 contents in
apps/tags/data/d2l_sections.tsv, the English-to-Korean crosswalk in data/en_ko_crosswalk.tsv)
rather than seeded into a table: the book changes only with a release of ours, every page
that names a section then costs no query for it, and there is nothing to keep in step with a
database. Our own Korean titles come from the curated concepts' D2L links
(apps/tags/data/concepts.json): the Korean edition's titles are machine translations and often
wrong, so they are shown only as the name of that edition's page, never as ours.
"""

import csv
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

from apps.core.language import reads_english

HERE = Path(__file__).resolve().parent
# The concept tags' data: the same D2L contents their links are checked against.
TAGS_DATA = HERE.parent / "tags" / "data"
SECTIONS_PATH = TAGS_DATA / "d2l_sections.tsv"
CONCEPTS_PATH = TAGS_DATA / "concepts.json"
CROSSWALK_PATH = HERE / "data" / "en_ko_crosswalk.tsv"
SECTION_MAX_LENGTH = 12  # "22.11"; the column on questions


@dataclass(frozen=True)
class Section:
    """One section of D2L 1.0 (e.g. 22.7 Maximum Likelihood) and its Korean counterpart."""

    number: str
    chapter: str
    title_en: str
    url_en: str
    title_ko: str = ""  # ours (from the concepts' links), empty when we have none
    ko_number: str = ""  # the Korean edition's (0.17) page, when it has one
    ko_title: str = ""  # that page's own title, as the Korean edition has it
    ko_url: str = ""

    @property
    def title(self) -> str:
        """The title in the reader's language: ours in Korean where we have one, else the
        book's English title."""
        return self.title_en if reads_english() or not self.title_ko else self.title_ko

    @property
    def other_title(self) -> str:
        """The English title beside our Korean one (Korean readers), or nothing."""
        return "" if reads_english() or not self.title_ko else self.title_en

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def sort_key(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.number.split("."))


@dataclass(frozen=True)
class Chapter:
    number: str
    title_en: str
    url_en: str
    sections: list[Section] = field(default_factory=list)


def _read_tsv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


@functools.cache
def _catalogue() -> tuple[dict[str, Section], list[Chapter]]:
    ours = {}
    for concept in json.loads(CONCEPTS_PATH.read_text(encoding="utf-8"))["concepts"]:
        for link in concept["links"]:
            if link.get("title_ko"):
                ours.setdefault(link["section"], link["title_ko"])
    korean = {}
    for row in _read_tsv(CROSSWALK_PATH):
        if row["ko_url"] and not row["match"].startswith("none"):
            korean.setdefault(row["en_section_number"], row)  # the first of a split page
    chapters: dict[str, Chapter] = {}
    sections: dict[str, Section] = {}
    rows = [row for row in _read_tsv(SECTIONS_PATH) if row["lang"] == "en"]
    for row in rows:
        number, chapter = row["section_number"], row["chapter_number"]
        if chapter and number == chapter:
            chapters[chapter] = Chapter(chapter, row["title"], row["url"])
    for row in rows:
        number, chapter = row["section_number"], row["chapter_number"]
        if "." not in number or chapter not in chapters:
            continue  # a chapter's own index page, or a page outside the chapters
        ko = korean.get(number, {})
        section = Section(
            number=number,
            chapter=chapter,
            title_en=row["title"],
            url_en=row["url"],
            title_ko=ours.get(number, ""),
            ko_number=ko.get("ko_section_number", ""),
            ko_title=ko.get("ko_title", ""),
            ko_url=ko.get("ko_url", ""),
        )
        sections[number] = section
        chapters[chapter].sections.append(section)
    for each in chapters.values():
        each.sections.sort(key=lambda section: section.sort_key)
    listed = sorted(
        (chapter for chapter in chapters.values() if chapter.sections),
        key=lambda chapter: int(chapter.number),
    )
    return sections, listed


def section_get(number: str) -> Section | None:
    """The section numbered `number` ("22.7"), or None for anything else."""
    if not isinstance(number, str):
        return None
    return _catalogue()[0].get(number.strip())


def chapters() -> list[Chapter]:
    """Every chapter that has sections, in the book's order, each with its sections."""
    return _catalogue()[1]
