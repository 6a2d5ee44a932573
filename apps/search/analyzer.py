"""The one text analyzer for indexing and for queries: Korean morphemes, English stems, code.

Korean attaches particles and endings to words (수학을, 논문을 구현함에) and writes compounds
with or without spaces (추천시스템 / 추천 시스템), so whitespace tokenizers miss most matches.
Kiwi splits text into morphemes; we keep nouns, verb and adjective stems, roots, foreign
words and numbers, and index runs of nouns joined as well (추천 시스템 -> 추천, 시스템,
추천시스템). English words are lowercased and stemmed (Snowball), code identifiers are kept
whole, LaTeX commands dropped.

Every term is a run of word characters (`\\w+`), so terms can be handed to PostgreSQL's
tsvector/tsquery and to SQLite's FTS5 without any escaping.
"""

import itertools
import re
import threading
import warnings
from functools import lru_cache

import snowballstemmer

# Morpheme tags kept (Sejong tag set as used by Kiwi): common/proper nouns, numerals, verb and
# adjective stems (with their irregular variants), roots, foreign words, Hanja, numbers.
_KEPT_TAGS = ("NNG", "NNP", "NR", "VV", "VA", "XR", "SL", "SH", "SN")
_NOUN_TAGS = ("NNG", "NNP")
# What a noun-deriving suffix (XSN: 화, 률, 성, 적) can attach to: 최적화, 학습률, 볼록성.
_DERIVABLE_TAGS = ("NNG", "NNP", "XR", "MAG")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_IDENTIFIER = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+\b|\b\w*_\w*\b")
_TERM = re.compile(r"^\w{1,60}$")
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_LATIN_BEFORE_PUNCTUATION = re.compile(r"(?<=[A-Za-z0-9])(?=[.,!?;:)\]}])")
_NON_WORD = re.compile(r"[\W_]+")
_SPLIT_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# Stems shorter than this carry no meaning on their own (하, 있, 되 …).
_MIN_STEM_LENGTH = 2

_lock = threading.Lock()
_kiwi = None
_stemmer = snowballstemmer.stemmer("english")


def kiwi():
    """The Kiwi analyzer, loaded once per process (about 500 MB once it has analyzed text).

    In production it is loaded in gunicorn's master before the workers fork (see config/wsgi.py
    and README), so the workers share one copy; in development it loads on first use.
    """
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                # No thread pool: a worker forked after loading could not shut it down at exit
                # (gunicorn --preload: every worker exit would hang until killed). Kiwi warns
                # that 0 meant "every core" before 0.21; we require 0.21 or newer.
                with warnings.catch_warnings():
                    warnings.filterwarnings("ignore", "behavior of `num_workers=0`")
                    loaded = Kiwi(num_workers=0)
                loaded.tokenize("수학을 공부합니다")  # warm it: the model's pages get touched now
                _kiwi = loaded
    return _kiwi


@lru_cache(maxsize=4096)
def _english(word: str) -> str:
    return _stemmer.stemWord(word.lower())


def _clean(text: str) -> str:
    """Drop LaTeX commands and invisible format characters (zero-width spaces and joiners)."""
    return _INVISIBLE.sub("", _LATEX_COMMAND.sub(" ", text))


def _spaced(text: str) -> str:
    # Kiwi splits a Latin word glued to a full stop ("likelihood." -> likel, ihood.).
    return _LATIN_BEFORE_PUNCTUATION.sub(" ", text)


def _identifiers(text: str) -> list[str]:
    """Code identifiers kept whole (likelihood_fn, np.log), beside their split parts."""
    found = []
    for match in _IDENTIFIER.finditer(text):
        word = match.group(0).lower().replace(".", "_").strip("_")
        if len(word) > 2 and _TERM.match(word):
            found.append(word)
    return found


def _joined(forms: list[str]) -> list[str]:
    """Every stretch of 2 or 3 neighbouring nouns, joined.

    "추천 시스템 공부" gives 추천시스템, 시스템공부, 추천시스템공부; "경사 하강법" (경사/하강/법)
    gives 경사하강, 하강법 and 경사하강법, the same as "경사하강법" written as one word.
    """
    return [
        "".join(forms[start : start + size])
        for size in (2, 3)
        for start in range(len(forms) - size + 1)
    ]


def _terms(tokens, *, join_across_spaces: bool) -> list[str]:
    """Morphemes to terms, adding the joined forms of each run of nouns."""
    terms: list[str] = []
    run: list = []

    def close_run() -> None:
        if len(run) > 1:
            terms.extend(_joined([token.form.lower() for token in run]))
        run.clear()

    previous = None
    for token in tokens:
        tag = token.tag.split("-")[0]
        if (
            tag == "XSN"
            and previous is not None
            and previous.tag.split("-")[0] in _DERIVABLE_TAGS
            and previous.start + previous.len == token.start
        ):
            # 최적+화, 학습+률, 수학+적: the derived word is a term of its own.
            terms.append((previous.form + token.form).replace(" ", "").lower())
        previous = token
        if tag in _NOUN_TAGS:
            if run and token.start - (run[-1].start + run[-1].len) > (
                1 if join_across_spaces else 0
            ):
                close_run()
            run.append(token)
        else:
            close_run()
        if tag not in _KEPT_TAGS:
            continue
        form = token.form
        if tag == "SL":
            for word in _NON_WORD.split(form):
                for part in _SPLIT_CAMEL.split(word):
                    if len(part) > 1:
                        terms.append(_english(part))
            continue
        if tag in ("VV", "VA") and len(form) < _MIN_STEM_LENGTH:
            continue
        if " " in form:  # a dictionary entry written with a space (자연어 처리)
            terms.extend(part.lower() for part in form.split())
            form = form.replace(" ", "")
        terms.append(form.lower())
    close_run()
    return [term for term in terms if _TERM.match(term)]


def analyze(text: str) -> list[str]:
    """Terms to index for a text, in order (duplicates kept: frequency matters for ranking)."""
    if not text or not text.strip():
        return []
    cleaned = _clean(text)
    tokens = kiwi().tokenize(_spaced(cleaned))
    return _terms(tokens, join_across_spaces=True) + _identifiers(cleaned)


def analyze_query_words(text: str) -> list[list[str]]:
    """A query's terms, one list per whitespace-separated word.

    Within one written word, a run of nouns counts as its joined form only (추천시스템 must match
    a text that has 추천시스템 or 추천 시스템, both indexed with the joined form).
    """
    words = []
    for word in text.split():
        cleaned = _clean(word)
        if not cleaned.strip():
            continue
        tokens = kiwi().tokenize(_spaced(cleaned))
        noun_tokens = [t for t in tokens if t.tag.split("-")[0] in _NOUN_TAGS]
        nouns = [t.form.replace(" ", "").lower() for t in noun_tokens]
        adjacent = all(a.start + a.len == b.start for a, b in itertools.pairwise(noun_tokens))
        terms = _terms(tokens, join_across_spaces=False)
        if 1 < len(nouns) <= 3 and adjacent:
            # One written compound: its joined form, which every spelling of it is indexed under.
            whole = "".join(nouns)
            terms = [t for t in terms if t not in nouns and t not in _joined(nouns)]
            terms.insert(0, whole)
        elif len(nouns) > 3:
            terms = [t for t in terms if t not in nouns]
        terms = [t for t in terms + _identifiers(cleaned) if _TERM.match(t)]
        if terms:
            words.append(list(dict.fromkeys(terms)))
    return words
