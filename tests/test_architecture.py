"""The shape of the house, kept by a test (docs/architecture.md draws it).

- No import cycle between the code's files, counting imports made inside functions (hiding
  an import in a function to dodge a cycle still makes one).
- No app imports `config` or the benchmark tooling: they sit above everything.
- The rooms underneath (core, caching, posts, trust, markup) import no domain app.
- Apps stand in the order below; an import from a lower app to a higher one is refused
  unless it is one of the few listed in BACK_UP, each with its reason. The list must stay
  true: an arrow that is gone must leave it too.
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# From the ground up. An app may import those below it.
FLOORS = [
    ("caching",),
    ("core",),
    ("posts", "trust"),
    ("markup",),
    ("drafts",),
    ("reputation",),
    ("tags",),
    ("papers", "reading"),  # D2L sections and paper implementations, set on questions
    ("cards",),  # definition cards and the review deck; the digest and the header count them
    ("paths",),  # study paths by field and the concepts each member has learned
    ("badges",),
    ("following",),
    ("notifications",),
    ("votes",),
    ("comments",),
    ("questions",),
    ("answers",),
    ("bounties",),
    ("examples",),  # answers marked as examples of a concept in use ("where it is used")
    ("search",),
    ("answer_requests",),
    ("accounts",),
    ("tokens",),
    ("moderation",),
    ("masterclass",),
    ("api",),  # the JSON API reads (and will write) through every domain app
]
UNDERNEATH = {"caching", "posts", "core", "trust", "markup"}

# Arrows that run back up, each for a reason the layout cannot avoid today.
BACK_UP = {
    ("tags", "questions"): "a concept page lists its questions (views, lists)",
    ("tags", "following"): "a concept page shows its follow button",
    ("tags", "cards"): "a concept page shows whether its definition card is in my review deck",
    ("tags", "paths"): "a concept page shows a member's learned toggle",
    ("tags", "examples"): "a concept page lists the answers marked as examples of it in use",
    ("tags", "search"): "concept names are search synonyms, refreshed when concepts change",
    ("following", "questions"): "the follow views find the question they toggle",
    ("questions", "answers"): "the question page shows its answers and the answer form",
    ("questions", "search"): "asking and editing index the question; similar questions",
    ("questions", "moderation"): "the question page offers delete and close to those who may",
    ("questions", "bounties"): "the question page shows the open bounty, the offer form, the "
    "award buttons and what each answer won (loaded once with the kept thread)",
    ("questions", "examples"): "the question page shows each answer's marks and the form to "
    "mark one (loaded once with the kept thread)",
    ("answers", "search"): "an answer is indexed with its question",
    ("reading", "questions"): "a section's page lists the questions asked while reading it "
    "(like a concept page: views, lists)",
}


def _modules() -> dict[str, Path]:
    found = {}
    for folder in ("apps", "config", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _graph() -> dict[str, set[str]]:
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for imported in _imports(path):
            target = resolve(imported)
            if target and target != name and not name.startswith(f"{target}."):
                graph[name].add(target)
    return graph


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if parts[0] == "apps" and len(parts) > 1 else parts[0]


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one file (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _app_arrows() -> dict[tuple[str, str], set[str]]:
    arrows: dict[tuple[str, str], set[str]] = defaultdict(set)
    for module, targets in _graph().items():
        for target in targets:
            if _room(module) != _room(target):
                arrows[_room(module), _room(target)].add(module)
    return arrows


def test_no_file_imports_another_in_a_circle():
    assert _cycles(_graph()) == []


def test_the_cycle_check_sees_a_circle_hidden_in_a_function():
    graph = {"apps.a.models": {"apps.b.models"}, "apps.b.models": {"apps.a.models"}}
    assert _cycles(graph) == [["apps.a.models", "apps.b.models"]]
    source = "def f():\n    from apps.questions.models import Question\n"
    path = ROOT / ".architecture-probe.py"
    path.write_text(source, encoding="utf-8")
    try:
        assert "apps.questions.models" in _imports(path)
    finally:
        path.unlink()


def test_no_app_imports_config_or_the_tooling():
    wrong = {
        (source, target): sorted(modules)
        for (source, target), modules in _app_arrows().items()
        if source not in ("config", "bench") and target in ("config", "bench")
    }
    assert wrong == {}


def test_the_rooms_underneath_import_no_domain_app():
    wrong = {
        (source, target): sorted(modules)
        for (source, target), modules in _app_arrows().items()
        if source in UNDERNEATH and target not in UNDERNEATH
    }
    assert wrong == {}


def test_apps_import_downward_but_for_the_listed_arrows():
    floor = {app: number for number, apps in enumerate(FLOORS) for app in apps}
    apps_found = {p.name for p in (ROOT / "apps").iterdir() if (p / "__init__.py").exists()}
    assert apps_found == set(floor)  # a new app takes its floor here
    back_up = {
        arrow: sorted(modules)
        for arrow, modules in _app_arrows().items()
        if arrow[0] in floor and arrow[1] in floor and floor[arrow[0]] < floor[arrow[1]]
    }
    unlisted = {arrow: modules for arrow, modules in back_up.items() if arrow not in BACK_UP}
    assert unlisted == {}, "an import runs back up: move the code, or list it with its reason"
    assert set(BACK_UP) <= set(back_up), "a listed arrow is gone: take it off BACK_UP"
