# ruff: noqa: E501  (Chinese text: each character counts double)
"""The shortcuts that make `bitext check --tmx` fast on a large memory find exactly what the plain
reading finds, on real UN sentences (the UNPC devset): the term and name finders, which look only
where a form can start; the number and symbol patterns, which open with a lookahead so that the
regex engine skips to where their matches start; the consistency filter; and the garbage collector
left out of the checks."""

from __future__ import annotations

import gc
import re
import unicodedata
from pathlib import Path

import pytest

from align.collector import YOUNG, frozen, paused
from align.quality import numbers
from align.quality.consistency import _key, _worth_comparing
from align.quality.names import NameCheck
from align.quality.terms import PhraseFinder, Term, _capital, _is_acronym, _words

DEVSET = Path(__file__).resolve().parent.parent / "corpora" / "unpc_devset"
ZH = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
EN = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()


def plain_zh(finder: PhraseFinder, text: str) -> dict[int, list[str]]:
    """The Chinese scan as first written: at every place, every form that starts there, longest first."""
    text = unicodedata.normalize("NFKC", text)
    forms_at: dict[str, list[tuple[str, list]]] = {}
    for form, ks in finder._zh_forms.items():
        forms_at.setdefault(form[:2], []).append((form, ks))
    found: dict[int, list[str]] = {}
    i = 0
    while i < len(text) - 1:
        forms = sorted(forms_at.get(text[i:i + 2], []), key=lambda f: -len(f[0]))
        hit = next(((f, ks) for f, ks in forms if text.startswith(f, i)), None)
        if hit is None:
            i += 1
            continue
        form, ks = hit
        titles = [(m.start(1), m.end(1), m.group(1)) for m in re.finditer(r"《([^《》]*)》", text)]
        inside = next((t for a, b, t in titles if a <= i and i + len(form) <= b), None)
        deputy = i > 0 and text[i - 1] == "副"
        after = text[i + len(form):i + len(form) + 3]
        part_of = after.startswith(("委员会", "理事会", "驻")) or (form.endswith("基金") and after.startswith("会"))
        for k in ks:
            if (inside is None or inside == form) and not deputy and not part_of:
                found.setdefault(k, []).append(form)
        i += len(form)
    return found


def plain_en(finder: PhraseFinder, text: str, strict_case: bool = True) -> dict[int, list[str]]:
    """The English scan as first written: every word, every form that starts with it."""
    words = _words(text)
    found: dict[int, list[str]] = {}
    i, n = 0, len(words)
    while i < n:
        stem, printed = words[i]
        best = None
        candidates = finder._en_sorted.get(stem, [])
        if printed.lower() != stem:
            candidates = candidates + finder._en_sorted.get(printed.lower(), [])
        for key, exact, form, ks in candidates:
            size = len(key)
            if i + size > n or (best is not None and size <= best[0]):
                continue
            span = words[i:i + size]
            if exact:
                same = tuple(p for _, p in span) == key
            else:
                same = all(w == kw and (_capital(p) or not cap or not strict_case)
                           for (w, p), (kw, cap) in zip(span, key))
            if same:
                best = (size, ks, form)
        if best is None:
            i += 1
            continue
        owned = strict_case and i > 0 and _is_acronym(words[i - 1][1]) and len(words[i - 1][1]) >= 3
        if not owned:
            for k in best[1]:
                found.setdefault(k, []).append(best[2])
        i += best[0]
    return found


@pytest.fixture(scope="module")
def finders() -> list[PhraseFinder]:
    terms = [Term(("联合国毒品和犯罪问题办公室", "毒品和犯罪问题办公室"), ("United Nations Office on Drugs and Crime", "UNODC")),
             Term(("安全理事会", "安理会"), ("Security Council",)), Term(("大会",), ("General Assembly",)),
             Term(("会员国",), ("Member States",)), Term(("可持续发展",), ("sustainable development",))]
    return [NameCheck().finder, PhraseFinder(terms)]


def test_the_finders_find_what_a_scan_of_every_place_finds_in_un_sentences(finders):
    found = 0
    for finder in finders:
        for zh, en in zip(ZH, EN, strict=True):
            assert finder.zh(zh) == plain_zh(finder, zh), zh
            for strict in (True, False):
                assert finder.en(en, strict_case=strict) == plain_en(finder, en, strict), en
            found += bool(finder.zh(zh)) + bool(finder.en(en))
    assert found > 1000  # the sentences name countries, bodies and terms: the comparison means something


def test_a_form_inside_a_longer_form_is_not_found_again():
    finder = NameCheck().finder
    # 联合国开发计划署 (UNDP) holds 联合国; 发展中国家 (a blocker) holds 中国
    found = finder.zh("联合国开发计划署支持发展中国家。")
    names = {finder.terms[k].en[0] for k in found}
    assert names == {"United Nations Development Programme"}


PATTERNS = [numbers._DIGITS, numbers._TIME, numbers._YEAR_PAIR, numbers._EN_HOURS, numbers._GLUED_MARKER,
            numbers._ROMAN_HINT, numbers._EN_DATE, numbers._CODE, NameCheck()._stem_re]


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.pattern[:30])
def test_patterns_opening_with_a_lookahead_match_what_they_match_without_it(pattern):
    assert pattern.pattern.startswith("(?=")
    without = re.compile(re.sub(r"^\(\?=(?:\[[^\]]*\]|\\d)\)", "", pattern.pattern), pattern.flags)
    assert without.pattern != pattern.pattern
    # the devset, and sentences with what the rarer patterns are for (times, bienniums, hours, glued markers)
    extra = ["The meeting rose at 3.30 p.m. on 12 June 2011.", "会议于下午3时30分结束。", "For the biennium 2010/11 and 2012-13,",
             "The ceasefire began at 1100 hours and 1400Z.", "to end violence.29 The Committee", "管理活动1。", "(see chapter IV)"]
    matched = 0
    for text in ZH + EN + extra:
        for t in (text, numbers._normalise(text)):
            got = [(m.span(), m.groups()) for m in pattern.finditer(t)]
            assert got == [(m.span(), m.groups()) for m in without.finditer(t)], t
            matched += bool(got)
    assert matched >= 3


def test_number_findings_on_dates_and_times_are_read_as_before():
    # month names gate the English date contexts; a day needs digits
    assert numbers.number_mismatches("会议于2010年5月4日举行。", "The meeting was held on 4 May 2010.") == ([], [])
    only_zh, only_en = numbers.number_mismatches("会议于2010年5月4日举行。", "The meeting was held on 5 May 2010.")
    assert 504 in [n.value for n in only_zh] and 505 in [n.value for n in only_en]
    assert numbers._dates("no digits here, only May", "en") == {}
    assert numbers._dates("from 9 to 20 March and on April 2", "en") == {309: "9 to 20 March", 320: "9 to 20 March",
                                                                        402: "April 2"}
    assert numbers._dates("3月9日至20日", "zh") == {309: "3月9日至20日", 320: "3月9日至20日"}
    assert [n.value for n in numbers._digits("at 3.30 p.m. on 12 June 2011", "en")][:2] == [3, 30]


def test_the_consistency_filter_counts_words_and_characters_as_before():
    def plain(en: str, zh: str) -> bool:
        return len(re.findall(r"[A-Za-z]{2,}", en)) >= 2 and len(re.findall(r"[\u3400-\u9fff]", zh)) >= 4

    cases = list(zip(EN, ZH, strict=True)) + [("ab cd", "一二三四"), ("abcd", "一二三四"), ("ab\ncd", "一\n二三x四"),
                                              ("ab1cd", "一二三"), ("A1 b2 cd ef", "一 二 三 四"), ("", "")]
    assert [_worth_comparing(e, z) for e, z in cases] == [plain(e, z) for e, z in cases]


def test_frozen_leaves_objects_out_of_collections_until_the_outermost_block_ends():
    before = gc.get_freeze_count()
    threshold = gc.get_threshold()
    with frozen():
        outer = gc.get_freeze_count()
        assert outer > before and gc.get_threshold()[0] == YOUNG
        made = [[k] for k in range(1000)]
        with frozen():
            assert gc.get_freeze_count() >= outer + len(made)
        assert gc.get_freeze_count() >= outer + len(made)  # the inner block's end unfreezes nothing
    assert gc.get_freeze_count() == 0 and gc.get_threshold() == threshold


def test_paused_turns_the_collector_back_on_only_if_it_was():
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def plain_en_words(text: str) -> list:
    """Numbers said in English words, read as first written: every word through the whole test (what a
    finished run of number words states is read by the same `run_numbers`)."""
    from decimal import Decimal

    from align.documents.numerals import EN_NUMBER_WORDS, EN_SCALE_WORDS

    out, run = [], []

    def flush() -> None:
        if run:
            out.extend(numbers.run_numbers(run))
            run.clear()

    for m in numbers._DECADES.finditer(text):
        v = 1 if m.group(1).lower() in ("a", "one") else EN_NUMBER_WORDS.get(m.group(1).lower())
        if v:
            out.append(numbers.Number(m.group(0), Decimal(v * 10), False, counted=False, kind="decades"))
    for m in numbers._EN_WORD.finditer(text):
        w = m.group(0).lower()
        if w in EN_NUMBER_WORDS or w in EN_SCALE_WORDS or (w == "and" and run and run[-1] in numbers._AND_AFTER):
            run.append(w)
            continue
        if run and run[-1] == "and":
            run.pop()
        flush()
        out.extend(numbers.Number(part, Decimal(numbers._MONTHS[part]), False, kind="month")
                   for part in w.split("-") if part in numbers._MONTHS)
        head = w.split("-")[0]
        if "-" in w and head in EN_NUMBER_WORDS and head != "one":
            out.append(numbers.Number(head, Decimal(EN_NUMBER_WORDS[head]), False, counted=False, kind="word"))
    if run and run[-1] == "and":
        run.pop()
    flush()
    return out


def test_numbers_in_english_words_are_read_as_a_word_by_word_reading_reads_them():
    extra = ["two hundred and fifty-five delegations in the fifty-fifth session", "Two decades and a decade later",
             "one hundred and first meeting, the Four-Nation group and two-thirds majority in May and June",
             "three thousand and", "twenty five and thirty-one"]
    found = 0
    for text in EN + extra:
        got = numbers._en_words(text)
        assert got == plain_en_words(text), text
        found += bool(got)
    assert found > 500


def test_segments_are_compared_by_the_same_keys_as_with_patterns():
    def plain(text: str, lang: str) -> str:
        if not text.isascii():
            text = unicodedata.normalize("NFKC", re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+", "", text))
        if lang == "zh":
            text = re.sub(r"\s+", "", text)
        else:
            text = re.sub(r"\s+", " ", text.casefold()).replace("“", '"').replace("”", '"').replace("’", "'")
        return re.sub(r"[\s.。;；:：,，!！?？\"“”'’)）]+$", "", text.strip())

    extra = ["The Council decided. ", "委员会决定。）\n", " “Quoted,” he said.’ ", "a\u3000b\u00a0c ;:", "（见A/69/828）。", "...", ""]
    for text in ZH + EN + extra:
        for lang in ("zh", "en"):
            assert _key(text, lang) == plain(text, lang), text
