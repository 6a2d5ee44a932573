"""Read rendered HTML back with the standard library parser, to assert on structure not text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ParsedElement:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    classes: list[str] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[ParsedElement] = []
        self.open: list[ParsedElement] = []
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        element = ParsedElement(tag, values, classes=values.get("class", "").split())
        self.elements.append(element)
        if tag not in {"img", "br", "hr", "input", "meta", "link", "base", "embed"}:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.elements.append(ParsedElement(tag, values, classes=values.get("class", "").split()))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        for element in self.open:
            element.text += data


def parse(html: str) -> tuple[list[ParsedElement], str]:
    """Return every element (with its attributes and contained text) and the page's text."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements, "".join(collector.all_text)


def find(html: str, tag: str, css_class: str | None = None) -> list[ParsedElement]:
    elements, _ = parse(html)
    return [
        element
        for element in elements
        if element.tag == tag and (css_class is None or css_class in element.classes)
    ]


DANGEROUS_TAGS = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "textarea",
        "select",
        "svg",
        "meta",
        "base",
        "link",
        "annotation-xml",
        "maction",
        "foreignobject",
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "background", "poster"}
)
_INVISIBLE = re.compile(r"[\x00-\x20]")


def inertness_problems(html: str) -> list[str]:
    """Everything in `html` that could run script, load a document or restyle the page."""
    problems = []
    elements, _ = parse(html)
    for element in elements:
        if element.tag in DANGEROUS_TAGS:
            problems.append(f"<{element.tag}> element")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                problems.append(f"event handler {name} on <{element.tag}>")
            if name == "style":
                problems.append(f"style attribute on <{element.tag}>")
            if name in URL_ATTRIBUTES:
                scheme = _INVISIBLE.sub("", value).lower()
                if scheme.startswith(("javascript:", "data:", "vbscript:")):
                    problems.append(f"{name}={value!r} on <{element.tag}>")
                if element.tag != "a" and name == "href":
                    problems.append(f"href on <{element.tag}>")
    return problems
