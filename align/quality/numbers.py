"""Numbers and references a Chinese UN text must share with its English original.

UN Chinese prints the same quantities in other shapes: 2.45 亿美元 for $245 million, 90% for
90 per cent, 2011 年 for 2011, 第五十五届 for fifty-fifth, 1,600 or 1 600 for 1600. `numbers_of`
reads every number of a text into comparable values; `number_mismatches` reports the numbers one
side has and the other lacks.

A number is *strong* when it is written in digits (or as 第五十五 / fifty-fifth / 百分之九十):
a translator copies it and a reviewer expects to find it on the other side. Everything else that
reads as a number (一, "two", "January", "III") only *supports*: it can account for a strong
number on the other side, but its own absence is no finding, because translations drop and add
such words all the time.

References (document symbols such as E/CN.7/2012/13 or JIU/REP/2010/10, resolution numbers such as
65/308) are compared as whole strings by `reference_mismatches`, and taken out of the text before
numbers are read, so one wrong symbol is one finding, not three.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from align.documents.furniture import SYMBOL
from align.documents.numerals import (
    EN_NUMBER_WORDS,
    EN_SCALE_WORDS,
    ZH_NUMERAL_CHARS,
    en_words_to_int,
    roman_to_int,
    zh_to_int,
)


@dataclass(frozen=True)
class Number:
    text: str  # as printed, e.g. "2.45 亿", "$245 million", "fifty-fifth"
    value: Decimal  # 245000000
    strong: bool
    alt: Decimal | None = None  # the figure before its scale word (2.45 for 2.45 亿), also accepted
    counted: bool = True  # False for years, dates and 第十九: translations repeat or drop those freely
    kind: str = ""  # for weak numbers: "count" (两名), "ordinal" (第二次), "numeral" (二十), "word" (two)


# ---------------------------------------------------------------- references

# Resolution and decision numbers: 65/308, 54/14 (session/number); 2011/33 and 1894 (LVII) style
# ECOSOC numbers need a "resolution"/"decision"/第…号 nearby, or they are years (2010/11).
# UN Chinese glues symbols and numbers to the characters around them (见A/69/828, 第65/308号决议):
# only a Latin letter, digit or slash next to one makes it part of something else.
_SYMBOL_RE = re.compile(rf"(?<![A-Za-z0-9_/]){SYMBOL}(?![A-Za-z0-9_/])")
_RES_SHORT = re.compile(r"(?<![A-Za-z0-9_/.])(\d{2,3}/\d{1,4})(?![A-Za-z0-9_/]|\.\d)")
_RES_LONG = re.compile(r"(?<![A-Za-z0-9_/.])((?:19|20)\d{2}/\d{1,3})(?![A-Za-z0-9_/]|\.\d)")
_RES_CONTEXT = re.compile(r"(?:resolutions?|decisions?|第)\s*(?:[\w.]+\s+){0,3}$", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)[\w./\-~%?=&#:+]*[\w/]|[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+")
# A footnote marker a PDF left glued to the word it follows: "violence.29 ", "Questions,22 subject".
# (Each pattern read on every text opens with a lookahead for the character its matches start with:
# the regex engine then skips to those characters instead of trying the lookbehinds everywhere.)
_GLUED_MARKER = re.compile(
    r"(?=[\d\s])(?:(?<=[A-Za-z\)][.,;:])\d{1,3}(?=\s|$)|(?<=[。;,:])\d{1,2}$"
    # ... and in Chinese: a bare figure between a word and the final full stop (管理活动1。), or after
    # a list comma before the next name (福克兰群岛(马尔维纳斯群岛)、1 直布罗陀)
    r"|(?<=[\u4e00-\u9fff])\d{1,2}(?=[。；]\s*$)|(?<=[、，；])\s*\d{1,2}(?=\s+[\u4e00-\u9fff]))")


_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")


@lru_cache(maxsize=16384)
def _normalise(text: str) -> str:
    """Full-width digits and letters to ASCII (Ｅ/ＣＮ.７ → E/CN.7), ％ to %, and the dashes in
    ranges to a hyphen. Superscript footnote markers go first: NFKC would turn ¹ into a digit."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", _SUPERSCRIPTS.sub(" ", text))
    return text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2010", "-").replace("\u2011", "-")


def _symbol_spans(text: str) -> list[tuple[int, int, str]]:
    if "/" not in text:  # every symbol and resolution number has a slash
        return []
    spans = []
    for m in _SYMBOL_RE.finditer(text):
        sym = m.group(0).rstrip(".")
        if any(c.isdigit() for c in sym):  # UN symbols carry a session, year or number; HIV/AIDS does not
            spans.append((m.start(), m.start() + len(sym), sym))
    taken = [(a, b) for a, b, _ in spans]
    for regex, needs_context in ((_RES_SHORT, False), (_RES_LONG, True)):
        for m in regex.finditer(text):
            a, b = m.span(1)
            if any(a < y and x < b for x, y in taken):
                continue
            context = _RES_CONTEXT.search(text[max(0, a - 40):a]) or text[b:b + 6].lstrip().startswith(("号", "("))
            if needs_context and not context:
                continue
            spans.append((a, b, m.group(1)))
            taken.append((a, b))
    return sorted(spans)


def references_of(text: str) -> list[str]:
    """Document symbols and resolution numbers cited in a text, in order, each once."""
    return list(dict.fromkeys(s for _, _, s in _symbol_spans(_normalise(text))))


def reference_mismatches(zh_text: str, en_text: str) -> tuple[list[str], list[str]]:
    """(references only the Chinese cites, references only the English cites)."""
    zh, en = references_of(zh_text), references_of(en_text)
    return [s for s in zh if s not in en], [s for s in en if s not in zh]


@lru_cache(maxsize=16384)
def _without_references(text: str) -> str:
    if "www" in text or "://" in text or "@" in text:
        text = _URL.sub(" ", text)
    if not _ANY_DIGIT.search(text):
        return text  # no marker, symbol or resolution number without a digit
    text = _GLUED_MARKER.sub(" ", text)
    out, last = [], 0
    for a, b, _ in _symbol_spans(text):
        out.append(text[last:a])
        out.append(" ")
        last = b
    out.append(text[last:])
    return "".join(out)


# ---------------------------------------------------------------- digits

_DIGITS = re.compile(
    r"(?=\d)(?<!\d)(?<!\d[.,])(\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)(?!,\d)|\d+)(\.\d+)?"
)
_EN_SCALE = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)
_ZH_SCALE = re.compile(r"\s*[多余]?(万亿|千亿|百亿|十亿|千万|百万|亿|万|千(?![米克瓦卡焦字]))")
_ZH_SCALES = {"万亿": 10**12, "千亿": 10**11, "百亿": 10**10, "十亿": 10**9, "千万": 10**7,
              "百万": 10**6, "亿": 10**8, "万": 10**4, "千": 10**3}
_CURRENCY = re.compile(r"(?:Euro|EUR|USD|US\$|CHF|SwF|GBP|RMB|Rs)\s?$")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th|s)\b")
_TIME = re.compile(r"(?=\d)(?<![\d.])(\d{1,2})[.:](\d{2})(?=\s*(?:a\.m\.?|p\.m\.?|hours?\b|h\b))", re.IGNORECASE)
_PM = re.compile(r"(?<![\d.])(\d{1,2})(?:[.:]\d{2})?\s*p\.m\.?", re.IGNORECASE)
_YEAR_PAIR = re.compile(r"(?=[12])(?<![\d.,/])((?:19|20)\d{2})[/-](\d{2})(?![\d/])")
_ZH_CLOCK = re.compile(r"(\d{1,2})\s*时\s*(\d{2})\s*分")
_EN_HOURS = re.compile(
    r"(?=[0-2])(?:(?<!\d)([0-2]\d[0-5]\d)(?=\s*(?:and\s+[0-2]\d[0-5]\d\s*)?hours\b|Z\b)"
    r"|(?<=\b[Aa]t )([0-2]\d[0-5]\d)(?=\b))")
_DATE_AFTER = re.compile(r"\s*(?:年|月|日|号)")
_MONTH_NAMES = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_EN_AFTER = re.compile(rf"\s+{_MONTH_NAMES}\b")
_DATE_EN_BEFORE = re.compile(rf"\b{_MONTH_NAMES}\s+$")
_ZH_HOUR = re.compile(r"(\d{1,2})\s*时")


_GROUPING = re.compile(r"[ ,\u00a0\u202f]")
_CODE_BEFORE = re.compile(r"[A-Za-z]$|[A-Z]-$")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_ROMAN_HINT = re.compile(r"(?=[IVXLC])\b[IVXLC]+\b")
_ANY_MONTH = re.compile(_MONTH_NAMES)


def _digits(text: str, lang: str) -> list[Number]:
    out: list[Number] = []
    # Clock times: 3.30 p.m. is 3 and 30 (下午3时30分), not 3.3; 3 p.m. may be printed 15时.
    times = list(_TIME.finditer(text))
    for m in times:
        out += [Number(m.group(0), Decimal(int(m.group(1))), True), Number(m.group(0), Decimal(int(m.group(2))), True)]
    if times:
        text = _TIME.sub(lambda m: " " * len(m.group(0)), text)
    if "m." in text or "M." in text:
        for m in _PM.finditer(text):
            out.append(Number(m.group(0), Decimal(int(m.group(1)) + 12), False))
    if "时" in text:
        for m in _ZH_CLOCK.finditer(text):  # 13时10分 is also written 1310
            out.append(Number(m.group(0), Decimal(int(m.group(1)) * 100 + int(m.group(2))), False))
        for m in _ZH_HOUR.finditer(text):
            hour = int(m.group(1))
            out.append(Number(m.group(0), Decimal(hour * 100), False))  # 11时 is 1100 hours
            if 12 < hour <= 24:
                out.append(Number(m.group(0), Decimal(hour - 12), False))
    for m in _EN_HOURS.finditer(text):  # 1100 hours is 11时
        hhmm = m.group(0)
        out += [Number(hhmm, Decimal(int(hhmm[:2])), False), Number(hhmm, Decimal(int(hhmm[2:])), False)]
    # 2010/11 and 2010-11 are 2010 and 2011 (a financial year, a biennium).
    pairs = [m for m in _YEAR_PAIR.finditer(text) if 0 < int(m.group(2)) - int(m.group(1)) % 100 <= 5]
    for m in pairs:
        first = int(m.group(1))
        second = first // 100 * 100 + int(m.group(2))
        out += [Number(m.group(0), Decimal(first), True, counted=False),
                Number(m.group(0), Decimal(second), True, counted=False)]
    for m in reversed(pairs):
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    months = _ANY_MONTH.search(text) is not None  # else no "4 May" or "May 4" to look for
    scale_re = _ZH_SCALE if lang == "zh" else _EN_SCALE
    for m in _DIGITS.finditer(text):
        start, end = m.span()
        whole, fraction = m.group(1, 2)
        if not whole.isdigit():  # grouped: 1,600 or 1 600
            whole = _GROUPING.sub("", whole)
        value = Decimal(whole + fraction) if fraction else Decimal(whole)
        before, after = text[max(0, start - 2):start], text[end:end + 3]
        # Digits glued to Latin letters are codes (CO2, H1N1, G20, 29F, COVID-19): support only.
        # (The patterns are tried only where a Latin letter is there for them to find.)
        glued = bool(not _ASCII_LETTERS.isdisjoint(before) and _CODE_BEFORE.search(before)
                     and not _CURRENCY.search(text, 0, start)) or (
            after[:1] in _ASCII_LETTERS and not _ORDINAL_SUFFIX.match(after))
        s = scale_re.match(text, end)
        if s and not glued:
            factor = _ZH_SCALES[s.group(1)] if lang == "zh" else EN_SCALE_WORDS[s.group(1).lower()]
            out.append(Number(text[start:s.end()], value * factor, True, alt=value))
        else:
            date = bool(_DATE_AFTER.match(text, end) or (months and (
                _DATE_EN_AFTER.match(text, end) or _DATE_EN_BEFORE.search(text, 0, start))))
            year = (not fraction or value == value.to_integral_value()) and 1900 <= value <= 2100
            month = text[end:end + 1] == "月" and 1 <= value <= 12 and value == int(value)
            out.append(Number(m.group(0), value, not glued, counted=not (date or year),
                              kind="month" if month else ("date" if date else ("year" if year else ""))))
    return out


# ---------------------------------------------------------------- words

_ZH_RUN = re.compile(rf"(第)?([{ZH_NUMERAL_CHARS}]+)")
# Measure words after a numeral: 两名 (two people), 三个国家, 五场讨论, 四年 (dates, 五月, are not counts).
_CLASSIFIERS = "名个项次位份家条种类国届所座起批轮支艘场人年天周岁倍辆架枚件篇部章段款组期轮级"
_ZH_PERCENT = re.compile(rf"百分之([{ZH_NUMERAL_CHARS}]+)")
_EN_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
_MONTHS_LIST = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"]
_AND_AFTER = {"hundred", *EN_SCALE_WORDS}  # "one hundred and first", "two thousand and fifteen"
# The words `_en_words` reads (any other word without a hyphen only ends a number said in words).
_EN_NUMBERISH = frozenset(EN_NUMBER_WORDS) | frozenset(EN_SCALE_WORDS) | {"and"} | frozenset(_MONTHS_LIST)
_TENS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}
_DECADES = re.compile(r"\b([A-Za-z]+)\s+decades?\b", re.IGNORECASE)
_MONTHS = {m: k for k, m in enumerate(_MONTHS_LIST, 1)}
_ROMAN_WORD = re.compile(r"\b[IVXLC]{2,}\b|(?<=\()[IVXLC]+(?=\))")
_ROMAN_AFTER = re.compile(
    r"\b(?i:Chapters?|Parts?|Annex(?:es)?|Articles?|Sections?|Titles?|Volumes?|Phases?|Class(?:es)?|Categor(?:y|ies)|"
    r"Schedules?|Appendix|Appendices|Tables?|Figures?|Protocols?|Levels?|Stages?|Divisions?|Options?|Committees?|"
    r"Groups?)\s+((?:[IVXLC]+\b(?:\s*(?:,|and|or|to|-)\s*)?)+)")


def _zh_words(text: str) -> list[Number]:
    out = []
    for m in _ZH_PERCENT.finditer(text):
        v = zh_to_int(m.group(1))
        if v is not None:
            out.append(Number(m.group(0), Decimal(v), True))
    for m in _ZH_RUN.finditer(text):
        run = m.group(2)
        v = zh_to_int(run)
        if v is None:
            continue
        # 第五十五届 and 一九四五年 are as deliberate as digits; 一些, 统一 and 两国 are not numbers at all.
        strong = (m.group(1) is not None and v >= 10) or (
            len(run) == 4 and all(c in "〇零一二三四五六七八九" for c in run) and text[m.end():m.end() + 1] == "年")
        after = text[m.end():m.end() + 1]
        kind = ""
        if m.group(1) is not None:
            kind = "ordinal"
        elif after == "月" and 1 <= v <= 12:
            kind = "month"
        elif len(run) == 1 and run in "两二三四五六七八九" and after and after in _CLASSIFIERS:
            kind = "count"
        elif (v >= 10 and any(c in run for c in "十百千") and any(c in run for c in "一二两三四五六七八九")
              and text[m.start() - 1:m.start()] not in ("几", "数", "上", "成")):  # 二十, not 十分 or 几千
            kind = "numeral"
        out.append(Number(m.group(0), Decimal(v), strong, counted=False, kind=kind))
    return out


def run_numbers(run: list[str]) -> list[Number]:
    """What a run of English number words ("two hundred and fifty-five") states: the number it
    reads as, and with more than one word, each number word in it."""
    out = []
    phrase = " ".join(run)
    v = en_words_to_int(phrase)
    if v is not None:
        # Compounds (fifty-fifth, twenty-one, one hundred) are deliberate; "one", "first" and
        # "second" are everyday words, and "one third" is a fraction.
        strong = "-" in phrase or (len(run) > 1 and any(w == "hundred" or w in EN_SCALE_WORDS for w in run[1:]))
        # "one" is a pronoun as often as a number (one another, no one): never a count.
        # one word (two, second), or tens and units (sixty five); not a fraction (one third)
        word = (len(run) == 1 and run != ["one"]) or (
            len(run) == 2 and run[0] in _TENS and EN_NUMBER_WORDS.get(run[1], 10) < 10)
        word = word and all(w in EN_NUMBER_WORDS for w in run)
        out.append(Number(phrase, Decimal(v), strong, counted=False, kind="word" if word else ""))
    if len(run) > 1:
        out.extend(Number(w, Decimal(EN_NUMBER_WORDS[w]), False) for w in run if w in EN_NUMBER_WORDS)
    return out


def _en_words(text: str) -> list[Number]:
    out = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.extend(run_numbers(run))
            run.clear()

    # "two decades" is 二十年: the count of decades also stands for its years.
    for m in _DECADES.finditer(text) if "decade" in text.lower() else ():
        v = 1 if m.group(1).lower() in ("a", "one") else EN_NUMBER_WORDS.get(m.group(1).lower())
        if v:
            out.append(Number(m.group(0), Decimal(v * 10), False, counted=False, kind="decades"))
    for w in map(str.lower, _EN_WORD.findall(text)):
        if w not in _EN_NUMBERISH and "-" not in w:  # a plain word ends a run of number words, and is nothing
            if run:
                if run[-1] == "and":
                    run.pop()
                flush()
            continue
        if w in EN_NUMBER_WORDS or w in EN_SCALE_WORDS or (w == "and" and run and run[-1] in _AND_AFTER):
            run.append(w)
            continue
        if run and run[-1] == "and":
            run.pop()
        flush()
        out.extend(Number(part, Decimal(_MONTHS[part]), False, kind="month")
                   for part in w.split("-") if part in _MONTHS)
        head = w.split("-")[0]
        if "-" in w and head in EN_NUMBER_WORDS and head != "one":  # Four-Nation, two-thirds, five-year
            out.append(Number(head, Decimal(EN_NUMBER_WORDS[head]), False, counted=False, kind="word"))
    if run and run[-1] == "and":
        run.pop()
    flush()
    return out


def _romans(text: str) -> list[Number]:
    if not _ROMAN_HINT.search(text):
        return []
    out = []
    tokens = [m.group(0) for m in _ROMAN_WORD.finditer(text)]
    tokens += [t for m in _ROMAN_AFTER.finditer(text) for t in re.findall(r"[IVXLC]+", m.group(1))]
    for token in tokens:
        v = roman_to_int(token)
        if v:
            out.append(Number(token, Decimal(v), False))
    return out


_LABEL = re.compile(
    rf"^\s*(?:(\d{{1,3}}(?:\.\d{{1,2}})*)\.\s+|\(([a-z]{{1,2}}|[ivx]{{1,5}}|\d{{1,3}})\)\s*|([a-z]|\d{{1,3}})\)\s+"
    rf"|([{ZH_NUMERAL_CHARS}]{{1,4}})、|[(（]([{ZH_NUMERAL_CHARS}]{{1,4}})[)）])"
)


def split_label(text: str) -> tuple[str | None, str]:
    """A printed paragraph or item label at the start of a text ("24. ", "(a) ", "三、"), comparable
    across languages ("24", "a", "3"), and the text after it. Labels are structure, not numbers."""
    m = _LABEL.match(text)
    if not m:
        return None, text
    label = next(g for g in m.groups() if g is not None)
    if label[0] in ZH_NUMERAL_CHARS:
        label = str(zh_to_int(label))
    return label, text[m.end():]


@lru_cache(maxsize=16384)
def numbers_of(text: str, lang: str) -> tuple[Number, ...]:
    """Every number a text states, references (symbols, resolution numbers), URLs and a leading
    paragraph label left out. (Cached: a paragraph's text is read again for each check and for the
    sentence beads inside it; the numbers are frozen.)"""
    text = _without_references(split_label(_normalise(text))[1])
    # Most of what the reader below looks for needs a digit, a Latin number word or a Chinese
    # numeral: texts without them are read in one pass (a translation memory has many such).
    out = _digits(text, lang) if _ANY_DIGIT.search(text) else []
    out += _romans(text)
    if "COVID-19" in text:  # 2019 冠状病毒病
        out.append(Number("COVID-19", Decimal(2019), False))
    if lang == "zh":
        out += _zh_words(text)
        out += _en_words(text) if _THREE_LETTERS.search(text) and _has_number_words(text) else []
    else:
        out += _en_words(text) if _has_number_words(text) else []
        out += _zh_words(text) if _HAN.search(text) else []
    return tuple(out)


_ANY_DIGIT = re.compile(r"\d")
_THREE_LETTERS = re.compile(r"[A-Za-z]{3}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z]+")
_NUMBER_VOCABULARY = frozenset(EN_NUMBER_WORDS) | frozenset(EN_SCALE_WORDS) | {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "decade", "decades"} | {part for w in EN_NUMBER_WORDS for part in w.split("-")}


def _has_number_words(text: str) -> bool:
    return not _NUMBER_VOCABULARY.isdisjoint(_LATIN_WORD.findall(text.lower()))


def _support(nums: list[Number]) -> Counter:
    """How many times each value is stated (a scaled figure also counts as its bare figure)."""
    counts: Counter = Counter(n.value for n in nums)
    counts.update(n.alt for n in nums if n.alt is not None)
    return counts


def _left(counts: Counter, taken: list[Number]) -> Counter:
    """`counts` less the values the other side's plain figures already account for."""
    left = Counter(counts)
    for n in taken:
        if left[n.value] > 0:
            left[n.value] -= 1
    return left


def _unmatched(nums: list[Number], other: Counter) -> list[Number]:
    """The numbers the other side does not state as often (三十周年 and 二十周年 against the
    twentieth ... the twentieth: one twentieth too many)."""
    left = Counter(other)
    out = []
    for n in nums:
        if left[n.value] > 0:
            left[n.value] -= 1
        else:
            out.append(n)
    return out


def number_mismatches(zh_text: str, en_text: str) -> tuple[list[Number], list[Number]]:
    """(strong Chinese numbers the English does not state, strong English numbers the Chinese does
    not state). Counted: a paragraph that says 2 twice in Chinese and once in English lacks a 2;
    codes (CN-235, P-4, TP16) count when the other side has a code of the same letters."""
    zh, en = numbers_of(zh_text, "zh"), numbers_of(en_text, "en")
    if not zh and not en:
        return [], []
    zs, es = _support(zh), _support(en)
    zc, ec = _codes(zh_text), _codes(en_text)

    def missing(nums: list[Number], other: Counter, codes: dict[str, str], other_codes: dict[str, str]) -> list[Number]:
        left = Counter(other)
        out: dict[Decimal | str, Number] = {}
        for n in nums:
            if not n.strong:
                continue
            if not n.counted and (other[n.value] > 0 or (n.alt is not None and other[n.alt] > 0)):
                continue
            if left[n.value] > 0:
                left[n.value] -= 1
            elif n.alt is not None and left[n.alt] > 0:
                left[n.alt] -= 1
            else:
                out.setdefault(n.value, n)
        letters = {re.sub(r"\d", "", c) for c in other_codes}
        for key, printed in codes.items():
            if key not in other_codes and re.sub(r"\d", "", key) in letters:
                out.setdefault(key, Number(printed, Decimal(re.sub(r"\D", "", key) or 0), True))
        return list(out.values())

    only_zh, only_en = missing(zh, es, zc, ec), missing(en, zs, ec, zc)
    # Counts and ordinals in words (两名 / two, 第二次 / second) are left out or added by translators
    # all the time, so each alone is no finding; one said on each side that the other does not
    # state is a number changed: 三名 against "two members", 第五届 against "the first session".
    # Months in words likewise (十一月 against October).
    # Dates say days and months, not counts: "the first meeting" is not 1月. The figures each side
    # states otherwise are matched first: what is left is what words and months can stand for.
    words = ("count", "ordinal", "numeral", "word", "decades", "month")
    if any(n.kind in words for n in zh) and any(n.kind in words for n in en):
        es_counts = _left(_support([n for n in en if n.kind not in ("date", "year", "month")]),
                          [n for n in zh if n.strong and n.kind not in words + ("date", "year")])
        zs_counts = _left(_support([n for n in zh if n.kind not in ("date", "year", "month")]),
                          [n for n in en if n.strong and n.kind not in words + ("date", "year")])
        for zh_kinds, en_kinds in ((("count", "ordinal", "numeral"), ("word", "decades")), (("month",), ("month",))):
            if not any(n.kind in zh_kinds for n in zh) or not any(n.kind in en_kinds for n in en):
                continue
            months = zh_kinds == ("month",)
            zw = _unmatched([n for n in zh if n.kind in zh_kinds], es if months else es_counts)
            ew = _unmatched([n for n in en if n.kind in en_kinds], zs if months else zs_counts)
            if zw and ew:
                have = {n.value for n in only_zh}
                only_zh += [n for n in dict((n.value, n) for n in zw).values() if n.value not in have]
                have = {n.value for n in only_en}
                only_en += [n for n in dict((n.value, n) for n in ew).values() if n.value not in have]
    # Day and month are each "some number" above; as a pair they must agree (4月4日 is not 4 May).
    zd, ed = _dates(zh_text, "zh"), _dates(en_text, "en")
    if zd and ed:
        only_zh += [Number(t, Decimal(k), True) for k, t in zd.items() if k not in ed and Decimal(k) not in
                    {n.value for n in only_zh}]
        only_en += [Number(t, Decimal(k), True) for k, t in ed.items() if k not in zd and Decimal(k) not in
                    {n.value for n in only_en}]
        # a month said in a date that differs is not said again on its own
        dated = {k // 100 for k in zd if k not in ed} | {k // 100 for k in ed if k not in zd}
        only_zh = [n for n in only_zh if not (n.kind == "month" and n.value in dated)]
        only_en = [n for n in only_en if not (n.kind == "month" and n.value in dated)]
    return only_zh, only_en


_ZH_DATE = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日(?:\s*(?:至|到|和|-)\s*(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日)?")
_EN_DATE = re.compile(
    rf"(?=[\dJFMASOND])\b(\d{{1,2}})(?:\s*(?:-|to|and)\s*(\d{{1,2}}))?\s+({_MONTH_NAMES})\b"
    rf"|\b({_MONTH_NAMES})\s+(\d{{1,2}})\b(?!\s*(?:,\s*)?\d{{3}})")


def _dates(text: str, lang: str) -> dict[int, str]:
    """Day-and-month dates, ranges opened up (3月9日至20日, 9-20 March): month * 100 + day -> as printed."""
    text = _normalise(text)
    out: dict[int, str] = {}
    if not _ANY_DIGIT.search(text):  # every date has its day in digits
        return out
    if lang == "zh":
        if "月" not in text:
            return out
        for m in _ZH_DATE.finditer(text):
            month = int(m.group(1))
            out[month * 100 + int(m.group(2))] = m.group(0)
            if m.group(4):
                out[int(m.group(3) or month) * 100 + int(m.group(4))] = m.group(0)
    else:
        if not _ANY_MONTH.search(text):  # each English date names its month
            return out
        for m in _EN_DATE.finditer(text):
            if m.group(3):
                month = _MONTHS[m.group(3).lower()]
                for day in (m.group(1), m.group(2)):
                    if day:
                        out[month * 100 + int(day)] = m.group(0)
            else:
                out[_MONTHS[m.group(4).lower()] * 100 + int(m.group(5))] = m.group(0)
    return out


_ANY_LATIN = re.compile(r"[A-Za-z]")
_CODE = re.compile(r"(?=[A-Z\d])(?<![A-Za-z0-9])(?:[A-Z][A-Za-z]{0,5}-?\d+[A-Z]?|\d+[A-Z])(?![A-Za-z0-9])")


def _codes(text: str) -> dict[str, str]:
    """Letter-and-digit codes a translator copies (CN-235, P-4, TP16, BP13, 29F): key -> as printed."""
    if not _ANY_DIGIT.search(text):
        return {}
    text = _without_references(_normalise(text))
    if not _ANY_LATIN.search(text):  # every code has a Latin letter
        return {}
    return {m.group(0).replace("-", "").upper(): m.group(0) for m in _CODE.finditer(text)}


def format_value(n: Number) -> str:
    """How a reason names a number: as printed, with its value when the shape differs (2.45 亿 = 245000000)."""
    plain = format(n.value.normalize(), "f")
    if plain.endswith(".0"):
        plain = plain[:-2]
    printed = n.text.strip()
    digits_only = re.sub(r"[ ,\u00a0\u202f]", "", printed)
    if digits_only == plain:
        return printed
    whole, _, frac = plain.partition(".")
    grouped = f"{int(whole):,}" + (f".{frac}" if frac else "") if len(whole) > 4 else plain
    return f"{printed} (= {grouped})"
