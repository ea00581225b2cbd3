"""Chinese term candidates: word n-grams between punctuation, and names of instruments in 《》.

Words come from jieba with a user dictionary of UN vocabulary (`glossary.lexicon`), so that
毒品和犯罪问题办公室 or 可持续发展目标 are one word and a candidate never starts or ends inside them.
A dictionary word made of other dictionary words (日本政府, 秘书长特别代表, 塞浦路斯共和国) is split
into them, so that a term inside it (日本, 特别代表) is found too; the whole stays a candidate as
the n-gram of its parts. Years are one word with their 年 (2010年审议大会, 2015年后发展议程, 21世纪议程).

The n-grams are cut at punctuation and Latin text, and may not begin or end with a function word
(的, 和, 包括, 其中 ...). Some words that usually open a clause open names too (特别代表,
决定草案, 一般事务人员, 前南斯拉夫问题国际法庭): those may begin a candidate. Inside a name that
ends with an institutional head (委员会, 公约, 组织 ...) a few function words and marks are allowed
(消除对妇女歧视委员会, 联合国教育、科学及文化组织, 非洲联盟-联合国达尔富尔混合行动). What is left
is a generous list that termhood and pairing then thin out.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from glossary.kinds import CLOSED_NAME_ZH, NAME_HEAD_ZH

_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
_YEAR = re.compile(r"^(?:\d{4}年(?:后|前|以后|以前)?|\d{1,2}世纪)$")

# Words that never begin or end a term: particles, conjunctions, prepositions, pronouns,
# quantifiers and the connecting phrases of UN prose (其中包括, 以及, 根据 ...).
EDGE_STOP = frozenset(
    """的 了 着 过 地 得 之 也 而 则 和 与 及 或 并 等 等等 在 对 为 以 从 于 由 将 把 被 向 给 让 使 其 该 此 这
    那 这些 那些 这个 这种 这项 这一 该项 各 各个 各种 每 每个 所有 一切 任何 其他 其它 有关 关于 根据 按照 依照
    通过 包括 其中 其中包括 以及 以便 以期 以免 并且 而且 但是 但 因此 因为 所以 如果 即 又 还 就 都 已 已经 正在
    是 有 没有 不 没 为了 对于 作为 如何 一个 一项 一些 上述 下列 以下 以上 相关 方面 情况 期间 之间 之后 之前
    以后 以来 中 上 下 内 外 时 后 前 里 并未 可以 能 能够 应 应当 应该 必须 需要 要 会 曾 继续 进一步 同时
    此外 另外 另 特别 尤其 主要 包括在内 例如 如 和平地 一 我们 他们 我 你 他 她 它 本 我国 贵国 自己
    所 所述 所作 所需 方式 目的 其余 其后 以外 以内 除 除了 除非 至 至于 直至 若 若干 诸如 凡 同 跟 向着 自 自从
    当 当时 并非 非 无 未 以往 今后 目前 当前 最近 近年来 日益 更 更加 很 非常 最 较 比较 已于 现 现在 仍 仍然
    一直 均 皆 亦 只 只有 仅 仅仅 唯一 一样 一般 同样 另一方面 一方面 得以 旨在 涉及 提及 所谓 称为 称 名为
    鼓励 邀请 促请 敦促 呼吁 吁请 请 决定 重申 回顾 注意到 欢迎 强调 赞赏 确认 认识到 表示 要求 谴责 深表 关切 感谢
    赞扬 申明 承认 认为 指出 建议 希望 意识到 铭记 深信 考虑到 又 还 第 未经""".split()
)
# Of those, the words that UN names begin with (特别代表, 决定草案, 前南斯拉夫问题国际法庭, 一般事务人员,
# 主要群体, 最不发达国家, 不扩散核武器条约...): they may begin a candidate, never end one.
NAME_OPENERS = frozenset("特别 决定 通过 一般 前 主要 最 非 不".split())
# Chinese numerals that close a name (人居三 / Habitat III).
_CLOSING_NUMERALS = frozenset("二 三 四 五 六 七 八 九 十".split())
# Words that never stand inside a term (a term does not span a clause)...
INSIDE_STOP = frozenset(
    "的 了 着 过 是 在 对 把 被 也 都 就 还 又 但 而 则 其中 包括 其中包括 以及 以便 并且 而且 但是 因此 因为 所以 "
    "如果 已经 正在 为了 对于 作为 应 应当 必须 需要 可以 能够 我们 他们 这些 那些 该 此 这 "
    "上 下 中 内 时 后 前 里 之间 期间 方面 之 于".split()
)
# ... except these, inside a name that ends with an institutional head (消除对妇女歧视委员会).
_NAME_INSIDE = frozenset("对 在 于 中 之 、 - － ‐ –".split())
_JOINERS = frozenset("、 和 与 及 以及 或".split())
_NUMERAL = re.compile(r"^[零〇一二三四五六七八九十百千万亿两]+$")
# Dates, session and meeting numbers, articles and paragraphs: never terms. 千年 (millennium) and
# 第N + a name (第五委员会 / Fifth Committee, 日内瓦第四公约) are not numbers of that kind.
_NOISE = re.compile(
    r"第[零〇一二三四五六七八九十百千\d]+(?:届|次|号|条|款|段|章|节|项|期|部分|阶段|个|年|轮|天|周|卷|页|款)|"
    r"(?<!千)[零〇一二三四五六七八九十百]+[年月日届次号条款章段项个名周天]|[零〇一二三四五六七八九十百千\d]+[月日]|"
    r"^第[零〇一二三四五六七八九十百千\d]+$|^[年月日]至|^\d{4}年(?:后|前|以后|以前)?$|星期|今天|昨天|明天|上午|下午"
)
_DATE_START = frozenset("年 月 日 号 届 次".split())
_ORDINAL = re.compile(r"^第[零〇一二三四五六七八九十百千]+$")

MAX_WORDS = 10
MAX_CHARS = 30


@dataclass(frozen=True)
class Occurrence:
    """One candidate in one text: its key (what counts are kept under), the text as written, and
    its token span, so pairing can tell overlapping candidates apart."""

    key: str
    surface: str
    start: int
    end: int
    instrument: bool = False
    initial: bool = False  # English: the first word of a sentence, capitalised whatever it is


@lru_cache(maxsize=1)
def tokenizer():
    """A jieba Tokenizer of our own (the aligner's global one is left alone) with the UN words."""
    import jieba

    from glossary.lexicon import user_words

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()  # jieba's global dictionary, copied (the aligner cuts with align.aligner.zh_segmenter)
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    for word in user_words():
        tk.add_word(word, freq=max(2000, tk.suggest_freq(word, False)))
    return tk


_KEPT_TAGS = frozenset(("v", "vd", "d", "ad", "p", "c"))


@lru_cache(maxsize=1)
def _tags() -> dict[str, str]:
    """The part-of-speech tags of jieba's dictionary that matter here (verbs, adverbs, prepositions,
    conjunctions), read from its dictionary file as jieba.posseg does, without loading posseg's HMM
    tables (1.5 s) that only its tagging of unknown words needs."""
    tags = {}
    with tokenizer().get_dict_file() as f:
        for line in f:
            parts = line.decode("utf-8").split()
            if len(parts) == 3 and parts[2] in _KEPT_TAGS:
                tags[parts[0]] = parts[2]
    return tags


def is_verb(word: str) -> bool:
    """A verb by jieba's dictionary tags (协助, 制定, 执行); 管理 (verbal noun) is none."""
    return _tags().get(word, "n") in ("v", "vd")


def is_verb_or_adverb(word: str) -> bool:
    """By jieba's dictionary tags: 维护, 危及 (verbs), 彻底 (adverb); 管理 (verbal noun) is no verb."""
    return _tags().get(word, "n") in ("v", "vd", "d", "ad", "p", "c")


def is_adverb_or_preposition(word: str) -> bool:
    """By jieba's dictionary tags: 一直, 彻底 (adverbs), 在, 向 (prepositions)."""
    return _tags().get(word, "n") in ("d", "ad", "p")


@lru_cache(maxsize=100_000)
def split_word(word: str) -> tuple[str, ...]:
    """A dictionary word that is a compound of more frequent dictionary words of two characters or
    more (日本政府 = 日本 + 政府, 秘书长特别代表 = 秘书长 + 特别代表), as those words; else the word."""
    n = len(word)
    if n < 4 or not _HAN.match(word):
        return (word,)
    tk = tokenizer()
    freq, total = tk.FREQ, tk.total
    whole = freq.get(word) or 0
    floor = max(50, whole)
    best: list[tuple[float, int] | None] = [None] * (n + 1)  # (log score, previous cut) per position
    best[0] = (0.0, -1)
    for i in range(n):
        if best[i] is None:
            continue
        for j in range(i + 2, n + 1):
            if (i, j) == (0, n):
                continue
            f = freq.get(word[i:j]) or 0
            if f >= floor:
                score = best[i][0] + math.log(f / total)
                if best[j] is None or score > best[j][0]:
                    best[j] = (score, i)
    if best[n] is None:
        return (word,)
    parts, j = [], n
    while j > 0:
        i = best[j][1]
        parts.append(word[i:j])
        j = i
    return tuple(reversed(parts))


def words(text: str) -> list[str]:
    """jieba words, whitespace dropped, years joined to their 年 and compounds split (see above)."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    raw = [w for w in tokenizer().lcut(text) if w.strip()]
    out: list[str] = []
    k = 0
    while k < len(raw):
        w = raw[k]
        if w.isdigit() and k + 1 < len(raw):
            if len(w) == 4 and raw[k + 1] == "年":
                year = w + "年"
                k += 2
                if k < len(raw) and raw[k] in ("后", "前", "以后", "以前"):
                    year += raw[k]
                    k += 1
                out.append(year)
                continue
            if len(w) <= 2 and raw[k + 1] == "世纪":
                out.append(w + "世纪")
                k += 2
                continue
        out.extend(split_word(w))
        k += 1
    return tuple(out)


def is_word(token: str) -> bool:
    return bool(_HAN.match(token))


def is_noise(term: str) -> bool:
    """Dates, session numbers, numerals and other strings that are no terms."""
    return bool(_NUMERAL.match(term) or _NOISE.search(term))


def _may_start(tok: str) -> bool:
    if len(tok) == 1 and CLOSED_NAME_ZH.match(tok):
        return False  # the head of the name before it (部 of 维持和平行动部), never the start of one
    return (is_word(tok) and (tok not in EDGE_STOP or tok in NAME_OPENERS) and tok not in _DATE_START
            and tok not in _CLOSING_NUMERALS) \
        or bool(_YEAR.match(tok))


def _may_end(tokens: list[str], j: int) -> bool:
    tok = tokens[j]
    if not is_word(tok) or _ORDINAL.match(tok) or (len(tok) > 1 and _NUMERAL.match(tok)):
        return False  # 委员会第二(十三届会议), 十三
    if tok in _CLOSING_NUMERALS:  # 人居三, not 第三 or 三 alone
        return j > 0 and is_word(tokens[j - 1]) and len(tokens[j - 1]) >= 2 and tokens[j - 1] not in EDGE_STOP
    return tok not in EDGE_STOP


def candidates(tokens: list[str]) -> list[Occurrence]:
    """Every admissible n-gram of `tokens` (from `words`), plus instrument names in 《》."""
    out: list[Occurrence] = []
    n = len(tokens)
    for i in range(n):
        if not _may_start(tokens[i]) and not (tokens[i] == "有" and i + 1 < n and tokens[i + 1] == "组织"):
            continue  # (有组织犯罪 / organized crime opens with 有)
        chars = 0
        loose = False  # holds a word allowed only inside a name (对, 、)
        for j in range(i, min(n, i + MAX_WORDS)):
            tok = tokens[j]
            if j > i:
                if tok in _JOINERS and CLOSED_NAME_ZH.search(tokens[j - 1]):
                    break  # 开发署、秘书处; 维持和平行动部和欧洲安全与合作组织: two names, not one
                if tok in _NAME_INSIDE:
                    loose = True
                elif not is_word(tok) or tok in INSIDE_STOP:
                    break
            chars += len(tok)
            if chars > MAX_CHARS:
                break
            if chars < 2 or not _may_end(tokens, j):
                continue
            term = "".join(tokens[i : j + 1])
            if loose and not NAME_HEAD_ZH.search(term):
                continue
            if tokens[i] == "有" and j < i + 2:
                continue  # 有组织犯罪, not 有组织
            if tokens[i] == "问题" and j > i:
                break  # "the question of" closes the topic before it: 问题特别代表 is a piece of X问题特别代表
            if not is_noise(term) and not (j == i and _YEAR.match(tok)):
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
            if not is_word(tokens[start]) or tokens[start] in INSIDE_STOP:
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


def is_abbreviation(short: str, long: str) -> bool:
    """Is `short` a UN Chinese short form of `long`: a contraction that keeps some of its characters
    in order and ends on its head (经社理事会 ← 经济及社会理事会, 安理会 ← 安全理事会,
    人权高专办 ← 联合国人权事务高级专员办事处), or the name without a leading 联合国 or 国际
    (大会 ← 联合国大会, 原子能机构 ← 国际原子能机构)? A head alone is none (理事会, 委员会), nor is
    a contraction of two characters (中国 is no short form of 中华民国, 大会 none of 审议大会)."""
    if len(short) >= len(long) or short[-1] not in long[-3:] or not _subsequence(short, long):
        return False
    for prefix in ("联合国", "国际"):
        if long.startswith(prefix) and long[len(prefix):] == short:
            return len(short) >= 3 or bool(CLOSED_NAME_ZH.search(short))  # 大会, not 系统 (联合国系统)
    if short in long or len(short) < 3:
        return False  # 中国 is no short form of 中华民国
    body = long[3:] if long.startswith("联合国") and not short.startswith("联") else long
    return _subsequence(short, body)
