"""Synthetic text for benchmarks: Zipf-distributed Korean and English words, math and code.

Shared by `manage.py bench_search` (its word-salad questions) and `manage.py
generate_community` (a whole community: `bench.synthetic_community`). Nothing here writes to
the database; it only reads the concept tags, whose names are part of the vocabulary.
"""

import random
import re

from apps.masterclass.seeding import NOTES_PATH
from apps.search.analyzer import kiwi
from apps.search.synonyms import concepts_in_text
from apps.tags.models import ConceptTag

COMMON_HEAD = 60
KO_NOUNS = [
    "수학",
    "행렬",
    "벡터",
    "확률",
    "통계",
    "우도",
    "기댓값",
    "분산",
    "미분",
    "적분",
    "경사하강법",
    "최적화",
    "손실",
    "함수",
    "모델",
    "논문",
    "구현",
    "데이터",
    "추천시스템",
    "추천 시스템",
    "강화학습",
    "신경망",
    "역전파",
    "정규화",
    "과적합",
    "엔트로피",
    "교차 엔트로피",
    "고유값",
    "특이값 분해",
    "랭크",
    "공분산",
    "베이즈",
    "사후분포",
    "샘플링",
    "학습률",
    "배치",
    "어텐션",
    "트랜스포머",
]
KO_PARTICLES = ["을", "를", "이", "가", "은", "는", "의", "에서", "으로", "와", "과", "도", ""]
KO_TAILS = [
    "이해가 안 됩니다",
    "어떻게 계산하나요",
    "차이가 궁금합니다",
    "구현하고 싶어요",
    "왜 필요한가요",
    "공부하는 방법이 있을까요",
    "설명해 주실 수 있나요",
    "헷갈립니다",
]
EN_WORDS = [
    "likelihood",
    "gradient",
    "descent",
    "matrix",
    "factorization",
    "entropy",
    "cross-entropy",
    "softmax",
    "regression",
    "probability",
    "expectation",
    "variance",
    "eigenvalue",
    "rank",
    "convex",
    "optimizer",
    "learning",
    "rate",
    "attention",
    "transformer",
    "bandit",
    "policy",
]
CODE = ["np.log(p)", "torch.nn.functional.softmax", "loss.backward()", "x @ W.T", "likelihood_fn"]
MATH = [r"$p(x \mid \theta)$", r"$\nabla_\theta L$", r"$\mathbb{E}[X]$", r"$W = U \Sigma V^T$"]

# Display formulas and code blocks: paragraphs of their own in generated posts.
DISPLAY_MATH = [
    r"$$\hat\theta = \arg\max_\theta \sum_{i=1}^n \log p(x_i \mid \theta)$$",
    r"$$\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}$$",
    r"$$H(p, q) = -\sum_x p(x) \log q(x)$$",
    r"$$\theta_{t+1} = \theta_t - \eta \nabla_\theta L(\theta_t)$$",
    r"$$A = U \Sigma V^\top$$",
    r"$$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V$$",
    r"$$\mathbb{E}[X] = \int x \, p(x) \, dx$$",
    r"$$p(\theta \mid x) \propto p(x \mid \theta) \, p(\theta)$$",
    r"$$\mathrm{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2$$",
    r"$$\|x\|_2 = \sqrt{\sum_i x_i^2}$$",
]
CODE_BLOCKS = [
    "```python\nimport numpy as np\n\ndef softmax(z):\n    z = z - z.max()\n"
    "    e = np.exp(z)\n    return e / e.sum()\n```",
    "```python\nimport torch\n\nlogits = model(x)\n"
    "loss = torch.nn.functional.cross_entropy(logits, y)\nloss.backward()\n"
    "optimizer.step()\n```",
    "```python\nU, S, Vt = np.linalg.svd(A, full_matrices=False)\n"
    "A_k = U[:, :k] @ np.diag(S[:k]) @ Vt[:k]\n```",
    "```python\nfor step in range(1000):\n    grad = X.T @ (X @ w - y) / len(y)\n"
    "    w -= learning_rate * grad\n```",
    "```python\ndef log_likelihood(mu, sigma, xs):\n"
    "    return sum(-0.5 * ((x - mu) / sigma) ** 2 - np.log(sigma) for x in xs)\n```",
    "```python\nscores = q @ k.transpose(-2, -1) / math.sqrt(d_k)\n"
    "weights = scores.softmax(dim=-1)\nout = weights @ v\n```",
    "```python\nif rng.random() < epsilon:\n    arm = rng.integers(n_arms)\nelse:\n"
    "    arm = np.argmax(q_values)\n```",
    "```python\nP = U @ V.T  # predicted ratings\nerror = (R - P) * mask\n"
    "U += lr * (error @ V - reg * U)\n```",
]

# Sentence templates. {A} {B} {C}: words (Korean templates take any word, English ones English
# words); {A:을} puts the particle that fits the word (을/를, 이/가, 은/는, 과/와, 으로/로);
# {m}: inline math; {c}: inline code.
KO_TITLES = [
    "{A:은} 왜 {B:으로} 정의하나요?",
    "{A:과} {B}의 차이가 뭔가요?",
    "{A:을} 직관적으로 이해하는 방법이 있을까요?",
    "{A}에서 {B:이} 필요한 이유가 궁금합니다",
    "{A:을} 구현할 때 {B:은} 어떻게 처리하나요?",
    "{A} 공부 순서를 추천해 주세요",
    "{A:이} 음수가 나올 수도 있나요?",
    "{A:과} {B:을} 같이 쓰면 어떻게 되나요?",
    "논문에서 {A:을} 쓰는 이유가 궁금합니다",
    "{A} 계산이 {B}에서 발산합니다",
    "{A:은} {B:과} 같은 개념인가요?",
    "{A} 없이 {B:을} 이해할 수 있을까요?",
]
EN_TITLES = [
    "Why is {A} defined with {B}?",
    "What is the difference between {A} and {B}?",
    "How do I compute {A} in PyTorch?",
    "Intuition behind {A}",
    "{A} vs {B}: when to use which?",
    "Can {A} be negative?",
    "Why does my {A} diverge with {B}?",
    "Is {A} a special case of {B}?",
]
KO_QUESTION_SENTENCES = [
    "{A:을} 공부하고 있는데 {B:이} 잘 이해가 안 됩니다.",
    "강의에서 {A:은} {B:으로} 볼 수 있다고 했는데 왜 그런가요?",
    "예를 들어 {m} 같은 식에서 {A:은} 어떻게 해석하나요?",
    "{c} 함수로 계산하면 {A:이} 자꾸 발산합니다.",
    "제가 이해한 바로는 {A:은} {B}의 특수한 경우인데 맞나요?",
    "{A:과} {B:을} 비교한 자료가 있으면 공유 부탁드립니다.",
    "책에는 {m} 식이 나오는데 {A:과} 어떤 관계인가요?",
    "{A:을} 먼저 공부해야 {B:을} 이해할 수 있을까요?",
    "{A:을} {C}에 적용하려고 하는데 어디서부터 시작해야 할지 모르겠습니다.",
    "{A:이} 왜 {B}에 영향을 주는지 설명해 주실 수 있나요?",
]
EN_QUESTION_SENTENCES = [
    "I am reading about {A} and I do not see why {B} matters here.",
    "For example, with {m}, how should I interpret the {A}?",
    "My implementation calls {c} but the {A} keeps diverging.",
    "Is there a reference that compares {A} and {B}?",
    "The book says {A} follows from {B}, but I cannot derive it.",
    "Should I learn {A} before {B}?",
]
KO_ANSWER_SENTENCES = [
    "{A:은} {B:을} 최대화하는 관점에서 보면 이해하기 쉽습니다.",
    "핵심은 {A:이} {B}에 대해 선형이라는 점입니다.",
    "{m} 식을 직접 미분해 보면 {A:이} 나옵니다.",
    "실제 구현에서는 수치 안정성 때문에 {c} 함수를 씁니다.",
    "D2L 교재에서 {A} 절을 먼저 읽어 보시길 추천합니다.",
    "{A:과} {B:은} 같은 개념을 다른 관점에서 본 것입니다.",
    "{A:이} 작으면 {B:이} 커지는 이유도 같은 식으로 설명됩니다.",
    "저는 {A:을} 손으로 한 번 계산해 보고 나서야 {B:을} 이해했습니다.",
    "질문하신 부분은 {A:으로} 바꿔 생각하면 간단해집니다.",
    "{C:은} 여기서 중요하지 않고 {A:이} 전부입니다.",
]
EN_ANSWER_SENTENCES = [
    "Think of {A} as maximizing {B}.",
    "In practice, {A} is computed with {c} for numerical stability.",
    "The key identity is {m}, which gives the {A} directly.",
    "{A} and {B} are the same idea seen from two angles.",
    "Try computing {A} by hand once; {B} then becomes obvious.",
    "The D2L chapter on {A} explains this well.",
]

_SLOT = re.compile(r"\{([A-Cmc])(?::(을|이|은|과|으로))?\}")
# (after a final consonant, after a vowel)
_PARTICLES = {"을": ("을", "를"), "이": ("이", "가"), "은": ("은", "는"), "과": ("과", "와")}
_HANGUL_FIRST, _HANGUL_LAST = ord("가"), ord("힣")
_RIEUL = 8  # the final-consonant index of ㄹ (으로 becomes 로 after it, as after a vowel)


def _final_consonant(word: str) -> int:
    """The final-consonant index of the word as read aloud (0: ends in a vowel)."""
    last = word.rstrip(" )")[-1:] or "a"
    if _HANGUL_FIRST <= ord(last) <= _HANGUL_LAST:
        return (ord(last) - _HANGUL_FIRST) % 28
    if last.isdigit():
        return 0 if last in "2459" else 1  # 이, 사, 오, 구 end in a vowel
    return 0 if last.lower() in "aeiouy" else 1


def particle(word: str, kind: str) -> str:
    """The form of a particle that fits `word`: 행렬을, 벡터를, 함수로, 행렬로, 분포으로."""
    final = _final_consonant(word)
    if kind == "으로":
        return "로" if final in (0, _RIEUL) else "으로"
    after_consonant, after_vowel = _PARTICLES[kind]
    return after_consonant if final else after_vowel


def fill(template: str, words: dict[str, str], math: str = "", code: str = "") -> str:
    """A template with its slots filled (see the templates above)."""

    def slot(match: re.Match) -> str:
        name, kind = match.groups()
        if name == "m":
            return math
        if name == "c":
            return f"`{code}`"
        word = words[name]
        return word + particle(word, kind) if kind else word

    return _SLOT.sub(slot, template)


def _is_latin(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9 ()\-]*", word))


class Vocabulary:
    """Words drawn with a Zipf distribution, as in real text: a few very common, most rare.

    The words are the master-class notes' own nouns plus every concept's names and the lists
    above, shuffled with the seed so which words are common differs from run to run.
    """

    def __init__(self, rng: random.Random):
        notes = NOTES_PATH.read_text(encoding="utf-8")
        nouns = {
            token.form
            for token in kiwi().tokenize(notes)
            if token.tag in ("NNG", "NNP") and len(token.form) > 1
        }
        names = {n for pair in ConceptTag.objects.values_list("name_ko", "name_en") for n in pair}
        # Everyday words never spell a concept's name: that is what the tail is for.
        common = sorted(
            word for word in nouns | set(KO_NOUNS) | set(EN_WORDS) if not concepts_in_text(word)
        )
        rng.shuffle(common)
        concepts = sorted(names - set(common))
        rng.shuffle(concepts)
        # Everyday words take the head of the distribution; each concept name is a topic that
        # a few percent of questions at most talk about, as on a real board.
        words = common[:COMMON_HEAD] + concepts + common[COMMON_HEAD:]
        self.words = words
        self.weights = [1 / rank for rank in range(1, len(words) + 1)]
        self.rng = rng
        english = [word for word in words if _is_latin(word)]
        self.english = english
        self._cumulative = _cumulative(len(words))
        self._english_cumulative = _cumulative(len(english))

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self._cumulative)[0]

    def english_word(self) -> str:
        return self.rng.choices(self.english, cum_weights=self._english_cumulative)[0]

    def sentence(self, length: int) -> str:
        """A run of words with random particles and a question's tail (bench_search's text)."""
        picked = self.rng.choices(self.words, self.weights, k=length)
        return (
            " ".join(
                word + (self.rng.choice(KO_PARTICLES) if "가" <= word[-1] <= "힣" else "")
                for word in picked
            )
            + " "
            + self.rng.choice(KO_TAILS)
            + "."
        )

    def body(self) -> str:
        sentences = [self.sentence(self.rng.randint(5, 12)) for _ in range(self.rng.randint(2, 5))]
        if self.rng.random() < 0.4:
            sentences.append(self.rng.choice(MATH))
        if self.rng.random() < 0.3:
            sentences.append(f"`{self.rng.choice(CODE)}`")
        return " ".join(sentences)

    def from_template(self, template: str, *, english: bool, topic: str | None = None) -> str:
        """A template filled with Zipf-drawn words; `topic` (a concept's name) takes slot A."""
        draw = self.english_word if english else self.word
        words = {"A": topic or draw(), "B": draw(), "C": draw()}
        for _attempt in range(3):  # "the difference between X and X" reads badly
            if words["B"] != words["A"]:
                break
            words["B"] = draw()
        if english:
            words = {slot: _in_sentence(word) for slot, word in words.items()}
        text = fill(template, words, math=self.rng.choice(MATH), code=self.rng.choice(CODE))
        return text[:1].upper() + text[1:]


def _in_sentence(word: str) -> str:
    """An English name as written mid-sentence: "Linear regression" -> "linear regression",
    while "KL divergence" and "Q-learning" keep their capitals."""
    first = re.split(r"[\s-]", word, maxsplit=1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].islower():
        return word[0].lower() + word[1:]
    return word


def _cumulative(count: int) -> list[float]:
    total, cumulative = 0.0, []
    for rank in range(1, count + 1):
        total += 1 / rank
        cumulative.append(total)
    return cumulative
