"""Chinese term candidates: word n-grams between punctuation, and names of instruments in 《》.

Words come from jieba with a user dictionary of UN vocabulary (`glossary.lexicon`), so that
毒品和犯罪问题办公室 or 可持续发展目标 are one word and a candidate never starts or ends inside them.
The n-grams are cut at punctuation, digits and Latin text, and may not begin or end with a function
word (的, 和, 包括, 其中 ...): what is left is a generous list that termhood ranking and pairing
then thin out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
_BOOK_TITLE = re.compile(r"《([^《》]{2,60})》")

# Words that never begin or end a term: particles, conjunctions, prepositions, pronouns,
# quantifiers and the connecting phrases of UN prose (其中包括, 以及, 根据 ...).
EDGE_STOP = frozenset(
    """的 了 着 过 地 得 之 也 而 则 和 与 及 或 并 等 等等 在 对 为 以 从 于 由 将 把 被 向 给 让 使 其 该 此 这
    那 这些 那些 这个 这种 这项 这一 该项 各 各个 各种 每 每个 所有 一切 任何 其他 其它 有关 关于 根据 按照 依照
    通过 包括 其中 其中包括 以及 以便 以期 以免 并且 而且 但是 但 因此 因为 所以 如果 即 又 还 就 都 已 已经 正在
    是 有 没有 不 没 为了 对于 作为 如何 一个 一项 一些 上述 下列 以下 以上 相关 方面 情况 期间 之间 之后 之前
    以后 以来 中 上 下 内 外 时 后 前 里 并未 可以 能 能够 应 应当 应该 必须 需要 要 会 曾 继续 进一步 同时
    此外 另外 另 特别 尤其 主要 包括在内 例如 如 和平地 一 二 三 我们 他们 我 你 他 她 它 本 我国 贵国 自己
    所 所述 所作 所需 方式 目的 其余 其后 以外 以内 除 除了 除非 至 至于 直至 若 若干 诸如 凡 同 跟 向着 自 自从
    当 当时 并非 非 无 未 以往 今后 目前 当前 最近 近年来 日益 更 更加 很 非常 最 较 比较 已于 现 现在 仍 仍然
    一直 均 皆 亦 只 只有 仅 仅仅 唯一 一样 一般 同样 另一方面 一方面 得以 旨在 涉及 提及 所谓 称为 称 名为
    鼓励 邀请 促请 敦促 呼吁 吁请 请 决定 重申 回顾 注意到 欢迎 强调 赞赏 确认 认识到 表示 要求 谴责 深表 关切 感谢
    赞扬 申明 承认 认为 指出 建议 希望 意识到 铭记 深信 考虑到 又 还 第""".split()
)
# Words that never stand inside a term (a term does not span a clause).
INSIDE_STOP = frozenset(
    "的 了 着 过 是 在 对 把 被 也 都 就 还 又 但 而 则 其中 包括 其中包括 以及 以便 并且 而且 但是 因此 因为 所以 "
    "如果 已经 正在 为了 对于 作为 应 应当 必须 需要 可以 能够 我们 他们 这些 那些 该 此 这 "
    "上 下 中 内 时 后 前 里 之间 期间 方面 之 于".split()
)
_NUMERAL = re.compile(r"^[零〇一二三四五六七八九十百千万亿两]+$")
_NOISE = re.compile(
    r"第[零〇一二三四五六七八九十百千]+|[零〇一二三四五六七八九十百千]+[年月日届次号条款章段项个名]|"
    r"^[年月日号届次]|[年月日号]$|星期|今天|昨天|明天|上午|下午"
)

MAX_WORDS = 8
MAX_CHARS = 24


@dataclass(frozen=True)
class Occurrence:
    """One candidate in one text: its key (what counts are kept under), the text as written, and
    its token span, so pairing can tell overlapping candidates apart."""

    key: str
    surface: str
    start: int
    end: int
    instrument: bool = False


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba Tokenizer of our own (the aligner's global one is left alone) with the UN words."""
    import jieba

    from glossary.lexicon import user_words

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for word in user_words():
        tk.add_word(word, freq=max(2000, tk.suggest_freq(word, False)))
    return tk


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(tokenizer()).word_tag_tab


def is_verb_or_adverb(word: str) -> bool:
    """By jieba's dictionary tags: 维护, 危及 (verbs), 彻底 (adverb); 管理 (verbal noun) is no verb."""
    return _tags().get(word, "n") in ("v", "vd", "d", "ad", "p", "c")


def words(text: str) -> list[str]:
    """jieba words, whitespace dropped."""
    return [w for w in tokenizer().lcut(text) if w.strip()]


def is_word(token: str) -> bool:
    return bool(_HAN.match(token))


def is_noise(term: str) -> bool:
    """Dates, session numbers, numerals and other strings that are no terms."""
    return bool(_NUMERAL.match(term) or _NOISE.search(term))


def candidates(tokens: list[str]) -> list[Occurrence]:
    """Every admissible n-gram of `tokens` (from `words`), plus instrument names in 《》."""
    out: list[Occurrence] = []
    n = len(tokens)
    for i in range(n):
        first = tokens[i]
        if not is_word(first) or first in EDGE_STOP:
            continue
        chars = 0
        for j in range(i, min(n, i + MAX_WORDS)):
            tok = tokens[j]
            if not is_word(tok) or (j > i and tok in INSIDE_STOP):
                break
            chars += len(tok)
            if chars > MAX_CHARS:
                break
            if tok in EDGE_STOP or chars < 2:
                continue
            term = "".join(tokens[i : j + 1])
            if not is_noise(term):
                out.append(Occurrence(term, term, i, j + 1))
    out.extend(book_titles(tokens))
    return out


def book_titles(tokens: list[str]) -> list[Occurrence]:
    """Names in 《》: conventions, declarations, reports — kept whole, marked as instruments."""
    out = []
    open_at = None
    for k, tok in enumerate(tokens):
        if tok == "《":
            open_at = k
        elif tok == "》" and open_at is not None:
            name = "".join(tokens[open_at + 1 : k]).strip()
            if 2 <= len(name) <= 60 and not re.search(r"[《》]", name):
                out.append(Occurrence(name, name, open_at + 1, k, instrument=True))
            open_at = None
    return out


def split_terms(text: str) -> list[Occurrence]:
    """Candidates of a raw text: convenience for tests and one-off use."""
    return candidates(words(text))


def short_form_pairs(tokens: list[str]) -> list[tuple[str, str]]:
    """(long form, short form) from the UN Chinese habit 联合国开发计划署（开发署）: a short form in
    parentheses whose characters occur, in order, at the end of the name just before it."""
    pairs = []
    for k, tok in enumerate(tokens):
        if tok not in ("（", "(") or k == 0:
            continue
        close = next((m for m in range(k + 1, min(len(tokens), k + 8)) if tokens[m] in ("）", ")")), None)
        if close is None:
            continue
        short = "".join(tokens[k + 1 : close])
        if not (2 <= len(short) <= 12 and _HAN.match(short)):
            continue
        best = None
        for start in range(k - 1, max(-1, k - MAX_WORDS - 1), -1):
            if not is_word(tokens[start]) or (tokens[start] in INSIDE_STOP):
                break
            span = "".join(tokens[start:k])
            if len(span) > len(short) and _subsequence(short, span) and tokens[start] not in EDGE_STOP:
                best = start
                break
        if best is None:
            continue
        if best > 0 and tokens[best - 1] == "联合国":
            best -= 1
        long_form = "".join(tokens[best:k])
        if long_form != short:
            pairs.append((long_form, short))
    return pairs


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)
