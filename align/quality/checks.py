"""Quality checks: where a Chinese version does not line up with its English original.

`check_alignment` gives every bead its flags, each with a reason a reviewer can read; `summarize`
counts them and picks the beads to look at first. The checks read only what alignment.jsonl holds
(texts, ids, scores); the documents themselves, when given, add footnote markers and printed labels.

Content checks (numbers, references) run on paragraph beads, where a translator's reordering of
sentences cannot hide a number, and are then pinned to the sentence beads inside that hold the
missing figure, so a number moved from one sentence to the next is no finding.
"""

from __future__ import annotations

import math
import re
import statistics
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.aligner.scoring import char_count
from align.collector import frozen
from align.documents.instrument import anchor_key, is_instrument_id
from align.errors import InputError
from align.machine import cores
from align.model import REVIEWED, Alignment, Bead, Document, Flag
from align.quality.consistency import find_groups, flag_groups
from align.quality.flags import FLAGS, SEVERITY, is_reviewed
from align.quality.joined import embed_parts, parts_of, sentence_parts
from align.quality.names import NameCheck, shared_name_check
from align.quality.numbers import format_value, number_mismatches, reference_mismatches, split_label
from align.quality.order import check_order
from align.quality.punctuation import check_item_references, check_punctuation
from align.quality.terms import Term, TermCheck
from align.quality.verdict import with_verdict


@dataclass
class CheckSettings:
    low_score: float = 0.5  # aligner confidence below this is flagged
    length_z: float = 3.5  # robust z-score of the log length ratio beyond this is flagged
    length_min_chars: int = 12  # shorter beads (headings, "Preamble") tell nothing by their length
    merge_units: int = 3
    untranslated_words: int = 4  # a Latin run this long that both sides share is untranslated text
    untranslated_letters: int = 20
    orphan_words: int = 5  # a sentence this long (content words) inside an uneven bead ...
    orphan_share: float = 0.12  # ... with at most this share translated on the other side is an orphan
    orphan_short_words: int = 2  # a shorter one, with none of its words translated there, is one too
    orphan_gain: float = 0.03  # with an encoder: taking the sentence out raises the bead's similarity this much ...
    orphan_alone: float = 0.3  # ... and the sentence alone is at most this similar to the other side
    orphan_lopsided: float = 0.25  # or another sentence of the bead is this much more similar than it ...
    orphan_translated: float = 0.45  # ... and less than this share of its words has a translation there


# ---------------------------------------------------------------- single checks


def _side_name(lang: str) -> str:
    return "Chinese" if lang == "zh" else "English"


def _list(items: list[str]) -> str:
    return ", ".join(items)


def check_numbers(zh_text: str, en_text: str) -> Flag | None:
    only_zh, only_en = number_mismatches(zh_text, en_text)
    return _number_flag([format_value(n) for n in only_zh], [format_value(n) for n in only_en])


def _number_flag(only_zh: list[str], only_en: list[str]) -> Flag | None:
    parts = []
    if only_zh:
        parts.append(f"Chinese has {_list(only_zh)}, not in the English")
        if only_en:
            parts.append(f"English has {_list(only_en)}")
    elif only_en:
        parts.append(f"English has {_list(only_en)}, not in the Chinese")
    return Flag("number", "; ".join(parts)) if parts else None


def check_references(zh_text: str, en_text: str) -> Flag | None:
    only_zh, only_en = reference_mismatches(zh_text, en_text)
    return _reference_flag(only_zh, only_en)


def _reference_flag(only_zh: list[str], only_en: list[str]) -> Flag | None:
    parts = []
    if only_zh:
        parts.append(f"Chinese cites {_list(only_zh)}, the English does not")
    if only_en:
        parts.append(f"English cites {_list(only_en)}, the Chinese does not")
    return Flag("symbol", "; ".join(parts)) if parts else None


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\w]*")
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’\-]*(?:[\s,;:()\"“”]+[A-Za-z0-9][A-Za-z0-9'’\-.]*)*")


_SENTENCE_END_GLUED = re.compile(r"(?<=[A-Za-z)])[.!?](?=\d)")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def check_untranslated(zh_text: str, en_text: str, settings: CheckSettings) -> Flag | None:
    # Chinese left in the English: two or more Chinese characters in a row.
    left = [m.group(0) for m in _CJK_RUN.finditer(en_text) if len(_CJK.findall(m.group(0))) >= 2]
    if left:
        return Flag("untranslated", f"Chinese text in the English: {_quote(left[0])}")
    en_squashed = None  # made when a run is long enough to compare
    for m in _LATIN_RUN.finditer(zh_text):
        run = m.group(0)
        words = run.split()
        letters = sum(c.isalpha() for c in run)
        if len(words) < settings.untranslated_words or letters < settings.untranslated_letters:
            continue
        # An English sentence glued to the Chinese that follows it reads as one run with that
        # Chinese's first figure ("...policy.2014年"): the longest part of the run the English has counts.
        words = _SENTENCE_END_GLUED.sub(". ", run).split()
        if en_squashed is None:
            en_squashed = f" {_squash(en_text)} "
        for k in range(len(words), settings.untranslated_words - 1, -1):
            part = " ".join(words[:k])
            if sum(c.isalpha() for c in part) >= settings.untranslated_letters and f" {_squash(part)} " in en_squashed:
                return Flag("untranslated", f"English text left untranslated in the Chinese: {_quote(part)}")
        if not _CJK.search(zh_text):
            return Flag("untranslated", f"the Chinese side has no Chinese text: {_quote(run)}")
    return None


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def check_shape(bead: Bead, settings: CheckSettings) -> list[Flag]:
    """Omissions, suspicious merges and low confidence: what the bead's shape and score say."""
    flags = []
    if not bead.zh and bead.en:
        flags.append(Flag("omission", f"0-{len(bead.en)}: this English text has no Chinese counterpart: "
                                      f"{_quote(bead.en_text)}"))
    elif bead.zh and not bead.en:
        flags.append(Flag("omission", f"{len(bead.zh)}-0: this Chinese text has no English counterpart: "
                                      f"{_quote(bead.zh_text, 40)}"))
    unit = "paragraphs" if bead.level == "paragraph" else "sentences"
    n, m = len(bead.zh), len(bead.en)
    # UN paragraphs correspond one to one, so any paragraph joined to another is worth a look;
    # sentences are often joined or split in translation, so only three or more are.
    many_units = 2 if bead.level == "paragraph" else settings.merge_units
    if max(n, m) >= many_units and min(n, m) >= 1 and n != m:
        lang, many, few = ("zh", n, m) if n > m else ("en", m, n)
        flags.append(Flag("merge", f"{many} {_side_name(lang)} {unit} joined against {few} "
                                   f"{_side_name('en' if lang == 'zh' else 'zh')}; check they belong together"))
    elif n >= 2 and m >= 2:
        flags.append(Flag("merge", f"{n} {unit} on each side joined in one bead; check their order and split"))
    if bead.score < settings.low_score and not bead.is_omission:
        flags.append(Flag("low_score", f"aligner confidence {bead.score:.2f} is below {settings.low_score:.2f}"))
    return flags


def check_orphans(bead: Bead, settings: CheckSettings, units: dict[str, dict[str, str] | None] | None = None,
                  ) -> Flag | None:
    """A sentence swallowed into an uneven bead (2-1, 1-2, 3-1...) with no counterpart: hardly any
    of its words has a translation (CC-CEDICT) on the other side, while the rest of the bead does.
    This is how a sentence deleted in one language usually shows after alignment: the aligner
    keeps it with its neighbour rather than leave a 1-0 bead."""
    from align.aligner.lexical import LexicalEvidence

    n, m = len(bead.zh), len(bead.en)
    if not n or not m or n == m:
        return None
    lang, other_text = ("zh", bead.en_text) if n > m else ("en", bead.zh_text)
    pieces = unit_texts(bead, lang, units.get(lang) if units else None)
    if len(pieces) < 2:
        return None
    if lang == "zh":
        lex = LexicalEvidence(pieces, [other_text])
        words = [float(x) for x in lex.nz]
        hits = [min(words[i], float(lex.zprefix(i)[-1])) for i in range(len(pieces))]
    else:
        lex = LexicalEvidence([other_text], pieces)
        row = lex.erow(0)
        words = [float(x) for x in lex.ne]
        hits = [min(words[j], float(row[j])) for j in range(len(pieces))]
    shares = [h / w if w else 1.0 for h, w in zip(hits, words)]
    rest = sum(hits) / max(1.0, sum(words))
    for piece, w, share in zip(pieces, words, shares):
        long_orphan = w >= settings.orphan_words and share <= settings.orphan_share
        short_orphan = w >= settings.orphan_short_words and share == 0  # a heading: "Seventh meeting"
        if (long_orphan or short_orphan) and rest >= 2 * settings.orphan_share:
            other = _side_name("en" if lang == "zh" else "zh")
            return Flag("omission", f"the {_side_name(lang)} sentence {_quote(piece)} seems to have no counterpart in "
                                    f"the {other}: {round(share * w)} of its {int(w)} words have a translation there")
    return None


def unit_texts(bead: Bead, lang: str, index: dict[str, str] | None = None) -> list[str]:
    """The texts of the units joined on one side of a bead: exact from the document's index
    (`unit_index`) when it knows the ids, else the joined text split into sentences again."""
    from align.documents.sentences import split_sentences

    ids = bead.zh if lang == "zh" else bead.en
    if index is not None and ids and all(i in index for i in ids):
        return [index[i] for i in ids]
    return split_sentences(bead.zh_text if lang == "zh" else bead.en_text, lang)


def unit_index(doc: Document | None) -> dict[str, str] | None:
    """Block and sentence ids of a document -> their texts."""
    if doc is None:
        return None
    index = {b.id: b.text for b in doc.blocks}
    index.update({s.id: s.text for b in doc.blocks for s in b.sentences})
    return index


def orphan_evidence(beads: list[Bead], encoder, units: dict[str, dict[str, str] | None] | None = None,
                    parts: dict[str, dict[str, list[str]] | None] | None = None,
                    ) -> dict[str, tuple[str, str, float, float, float, float, float]]:
    """For each uneven bead: its most doubtful sentence on the longer side, as (lang, sentence,
    similarity of the bead with it, without it, of the sentence alone with the other side, of the
    best other sentence alone with the other side).

    A sentence that belongs in the bead adds to its meaning: taking it out lowers the similarity.
    An orphan does the opposite, and on its own resembles the other side hardly at all.
    `parts` (`sentence_parts` of each document) lets the joined texts be embedded from sentences."""
    jobs = []
    texts: list[tuple[str, list[str]]] = []  # (separator, parts) of each text to embed
    for b in beads:
        n, m = len(b.zh), len(b.en)
        if not n or not m or n == m:
            continue
        lang, other = ("zh", b.en_text) if n > m else ("en", b.zh_text)
        pieces = unit_texts(b, lang, units.get(lang) if units else None)
        if len(pieces) < 2:
            continue
        sep, other_sep = ("", " ") if lang == "zh" else (" ", "")
        olang = "en" if lang == "zh" else "zh"
        other_parts = [x for p in parts_of(b, olang, unit_texts(b, olang, units.get(olang) if units else None),
                                            parts.get(olang) if parts else None) for x in p]
        split = parts_of(b, lang, pieces, parts.get(lang) if parts else None)
        start = len(texts)
        texts += [(other_sep, other_parts) if other_sep.join(other_parts) == other else ("", [other]),
                  (sep, [x for p in split for x in p])]
        texts += [(sep, [x for k, p in enumerate(split) if k != i for x in p]) for i in range(len(pieces))]
        texts += [(sep, p) for p in split]
        jobs.append((b.id, lang, pieces, start, other))
    if not jobs:
        return {}
    vecs = embed_parts(encoder, texts)
    out = {}
    for bid, lang, pieces, start, other_text in jobs:
        k = len(pieces)
        other = vecs[start]
        full = float(vecs[start + 1] @ other)
        without = [float(vecs[start + 2 + i] @ other) for i in range(k)]
        alone = [float(vecs[start + 2 + k + i] @ other) for i in range(k)]
        # Only a real sentence can be an orphan: a stray label or "Article 5" is left to the other checks.
        real = [x for x in range(k) if (len(pieces[x].split()) >= 4 if lang == "en" else char_count(pieces[x]) >= 8)]
        if real:
            i = max(real, key=lambda x: without[x] - alone[x])
            out[bid] = (lang, pieces[i], full, without[i], alone[i], max(alone[x] for x in range(k) if x != i),
                        _lexical_share(pieces, i, lang, other_text))
    return out


def _lexical_share(pieces: list[str], i: int, lang: str, other_text: str) -> float:
    """The share of piece i's words that have a translation (CC-CEDICT) on the other side, once the
    other pieces of the bead have taken theirs: a sentence whose words the others already account
    for (a deleted 凡…提交安全理事会 after two sentences that name the Security Council too) is no
    translation of what is left."""
    from collections import Counter

    from align.aligner.lexical import en_tokens, zh_word_keys, zh_words

    if lang == "zh":
        left = Counter(en_tokens(other_text))

        def take(piece: str) -> tuple[int, int]:
            words = zh_words(piece)
            hits = 0
            for w in words:
                key = next((k for k in zh_word_keys(w) if left[k] > 0), None)
                if key is not None:
                    left[key] -= 1
                    hits += 1
            return hits, len(words)
    else:
        pool = [zh_word_keys(w) for w in zh_words(other_text)]

        def take(piece: str) -> tuple[int, int]:
            tokens = en_tokens(piece)
            hits = 0
            for t in tokens:
                k = next((k for k, keys in enumerate(pool) if t in keys), None)
                if k is not None:
                    pool.pop(k)
                    hits += 1
            return hits, len(tokens)

    for j, piece in enumerate(pieces):
        if j != i:
            take(piece)
    hits, words = take(pieces[i])
    return hits / words if words else 0.0


def check_orphan_evidence(evidence: tuple[str, str, float, float, float, float, float], settings: CheckSettings,
                          ) -> Flag | None:
    lang, piece, full, without, alone, other, share = evidence
    # The bead means more without the sentence and the sentence means little there; or the other
    # side translates another sentence of the bead far better than this one, and losing this one
    # costs the bead nothing.
    gain, gap = without - full, other - alone
    clear = gain >= settings.orphan_gain and alone <= settings.orphan_alone
    # ... unless half of its words have a translation there: two sentences translating one.
    lopsided = gap >= settings.orphan_lopsided and gain >= -0.01 and share < settings.orphan_translated
    both = (gain >= settings.orphan_gain + 0.01 and gap >= settings.orphan_lopsided / 2
            and share < settings.orphan_translated)
    if not (clear or lopsided or both):
        return None
    other = _side_name("en" if lang == "zh" else "zh")
    return Flag("omission", f"the {_side_name(lang)} sentence {_quote(piece)} seems to have no counterpart in the "
                            f"{other}: the bead reads closer to the {other} without it "
                            f"(similarity {full:.2f} with it, {without:.2f} without)")


# ---------------------------------------------------------------- labels

_SENTENCE_SUFFIX = re.compile(r"\.s\d+$")
_FALLBACK_ID = re.compile(r"^(?:[\w]+\.)?b\d+$")


def label_key(unit_id: str) -> str | None:
    """The printed structure a block or sentence id names (p24, p12.a, h3.B, annex1.p3), or None
    for ids that carry no number (b0017, and sub-headings counted in order, h3.h2)."""
    bid = _SENTENCE_SUFFIX.sub("", unit_id)
    if is_instrument_id(bid):  # art12.p3, part4; the counted pre3, art2.b1 carry no number
        return anchor_key(bid)
    bid = re.sub(r"~\d+$", "", bid)
    if _FALLBACK_ID.match(bid) or re.search(r"\.h\d+$", bid):
        return None
    return bid


def describe_id(key: str) -> str:
    """p24 -> "paragraph 24", p12.a -> "item 12 (a)", h3.B -> "section 3.B", h3 -> "chapter 3"."""
    prefix = ""
    if "." in key and key.split(".", 1)[0].startswith("annex"):
        part, key = key.split(".", 1)
        prefix = f"{part} "
    m = re.fullmatch(r"p(\w+)((?:\.\w+)*)", key)
    if m:
        items = m.group(2).lstrip(".").split(".") if m.group(2) else []
        if items:
            return f"{prefix}item {m.group(1)} " + "".join(f"({x})" for x in items)
        return f"{prefix}paragraph {m.group(1)}"
    m = re.fullmatch(r"h(\w+)(?:\.(\w+))?", key)
    if m:
        return f"{prefix}section {m.group(1)}.{m.group(2)}" if m.group(2) else f"{prefix}chapter {m.group(1)}"
    return prefix + key


def check_labels(bead: Bead, zh_doc: Document | None = None, en_doc: Document | None = None) -> Flag | None:
    """Paragraph numbers from ids (p24 against p25); labels printed at the start of both texts
    ((b) against (c)); with the documents, the numbers of blocks that have fallback ids."""
    zk = list(dict.fromkeys(k for k in (label_key(i) for i in bead.zh) if k))
    ek = list(dict.fromkeys(k for k in (label_key(i) for i in bead.en) if k))
    if zk and ek and set(zk) != set(ek):
        what = "a sentence of " if bead.level == "sentence" else ""
        return Flag("label", f"{what}Chinese {_list([describe_id(k) for k in zk])} is aligned with {what}English "
                             f"{_list([describe_id(k) for k in ek])}")
    if bead.level == "sentence":
        return None
    zl, _ = split_label(bead.zh_text)
    el, _ = split_label(bead.en_text)
    if zl and el and zl.lower() != el.lower():
        return Flag("label", f"printed labels differ: Chinese {zl}, English {el}")
    if zh_doc is not None and en_doc is not None and not (zk and ek):
        zn = _block_numbers(zh_doc, bead.zh)
        en = _block_numbers(en_doc, bead.en)
        if zn and en and zn != en:
            return Flag("label", f"printed numbers differ: Chinese {_list(zn)}, English {_list(en)}")
    return None


def _block_numbers(doc: Document, ids: list[str]) -> list[str]:
    out = []
    for i in ids:
        try:
            b = doc.block(i)
        except KeyError:
            continue
        if b.number and b.kind in ("paragraph", "item"):
            out.append(b.number.lower())
    return out


# ---------------------------------------------------------------- footnotes

_SUPERSCRIPT = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_SUP_DIGITS = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")


def footnote_markers(text: str) -> list[str]:
    """Superscript footnote markers left in a text (¹, ²³)."""
    return [m.group(0).translate(_SUP_DIGITS) for m in _SUPERSCRIPT.finditer(text)]


def check_footnotes(bead: Bead, zh_doc: Document | None = None, en_doc: Document | None = None) -> Flag | None:
    """Footnote markers cited on each side: from the documents' blocks when given, else the
    superscript markers the texts still carry. UN footnotes are numbered alike in every language."""
    zf = footnote_markers(bead.zh_text)
    ef = footnote_markers(bead.en_text)
    if zh_doc is not None and en_doc is not None:
        zf += [str(n) for n in _block_footnotes(zh_doc, bead.zh)]
        ef += [str(n) for n in _block_footnotes(en_doc, bead.en)]
    if sorted(zf) == sorted(ef):
        return None

    def say(marks: list[str]) -> str:
        if not marks:
            return "none"
        return ("footnote " if len(marks) == 1 else "footnotes ") + _list(marks)

    return Flag("footnote", f"footnote markers differ: Chinese {say(zf)}, English {say(ef)}")


def _block_footnotes(doc: Document, ids: list[str]) -> list[int]:
    out: list[int] = []
    for i in ids:
        try:
            out.extend(doc.block(i).footnotes)
        except KeyError:
            continue
    return out


# ---------------------------------------------------------------- length


@dataclass
class LengthModel:
    """Log length ratio log(zh chars / en chars) of a document: its median and robust spread."""

    median: float
    sigma: float
    n: int

    # Chinese UN text runs near 0.31 characters per English character (charter, UDHR, UNPC devset).
    PRIOR_MEDIAN = -1.18
    PRIOR_SIGMA = 0.22

    @classmethod
    def fit(cls, beads: list[Bead], min_chars: int) -> LengthModel:
        ratios = [_log_ratio(b) for b in beads if _measurable(b, min_chars)]
        if len(ratios) < 20:  # too few beads to calibrate on: lean on the prior
            w = len(ratios) / 20
            med = statistics.median(ratios) if ratios else cls.PRIOR_MEDIAN
            return cls(w * med + (1 - w) * cls.PRIOR_MEDIAN, cls.PRIOR_SIGMA, len(ratios))
        med = statistics.median(ratios)
        mad = statistics.median(abs(r - med) for r in ratios) / 0.6745
        return cls(med, max(mad, 0.12), len(ratios))

    def z(self, bead: Bead) -> float:
        # Short texts vary more in length for the same meaning: widen the spread for them.
        en = max(1, char_count(bead.en_text))
        sigma = math.hypot(self.sigma, 1.2 / math.sqrt(en))
        return (_log_ratio(bead) - self.median) / sigma


def _log_ratio(b: Bead) -> float:
    return math.log(max(1, char_count(b.zh_text)) / max(1, char_count(b.en_text)))


def _measurable(b: Bead, min_chars: int) -> bool:
    return bool(b.zh and b.en) and min(char_count(b.zh_text) * 3, char_count(b.en_text)) >= min_chars


def check_length(bead: Bead, model: LengthModel, settings: CheckSettings) -> Flag | None:
    if not _measurable(bead, settings.length_min_chars):
        return None
    z = model.z(bead)
    if abs(z) <= settings.length_z:
        return None
    zc, ec = char_count(bead.zh_text), char_count(bead.en_text)
    which = "Chinese is unusually long" if z > 0 else "Chinese is unusually short"
    return Flag("length", f"{which} for the English: {zc} against {ec} characters "
                          f"(z = {z:+.1f}; this document's usual ratio is {math.exp(model.median):.2f})")


# ---------------------------------------------------------------- the whole alignment


def check_alignment(
    alignment: Alignment,
    settings: CheckSettings | None = None,
    zh_doc: Document | None = None,
    en_doc: Document | None = None,
    encoder=None,
    terms: list[Term] | None = None,
    consistency: bool = True,
) -> Alignment:
    """A copy of the alignment with every bead's flags recomputed (reviewers' decisions kept).

    `zh_doc`/`en_doc` (the segmented documents the alignment was made from) add footnote markers
    and the printed numbers of blocks whose ids carry none; without them the checks use the
    jsonl alone. An `encoder` (align.aligner.encoders) lets the omission check weigh the sentences of
    uneven beads by meaning as well as by dictionary, and finds paragraphs in another order.
    `terms` (approved and forbidden glossary terms) adds the terminology check; `consistency`
    compares the translations of repeated segments within the alignment (off when the caller
    compares several alignments together, `consistency.flag_groups`)."""
    settings = settings or CheckSettings()
    names = shared_name_check()
    units = {"zh": unit_index(zh_doc), "en": unit_index(en_doc)}
    beads = [replace(b, flags=[f for f in b.flags if f.code == REVIEWED]) for b in alignment.beads]
    term_check = TermCheck(terms) if terms else None
    models = {level: LengthModel.fit([b for b in beads if b.level == level], settings.length_min_chars)
              for level in ("paragraph", "sentence")}
    children: dict[str, list[Bead]] = {}
    for b in beads:
        if b.parent:
            children.setdefault(b.parent, []).append(b)
    ctx = _Context(settings, models, children, zh_doc, en_doc, units, term_check, names)
    in_processes = not children and len(beads) >= PARALLEL_BEADS and cores() > 1
    later = None
    if encoder is not None:
        parts = {"zh": sentence_parts(zh_doc), "en": sentence_parts(en_doc)}
        unreviewed = [b for b in beads if not is_reviewed(b)]

        def meaning():
            return (orphan_evidence(unreviewed, encoder, units, parts),
                    check_order(beads, encoder, {"zh": sentence_parts(zh_doc, exact=False),
                                                 "en": sentence_parts(en_doc, exact=False)}))

        # The checks by meaning read only the beads' texts: their encoder runs while this thread checks
        # each bead (not beside forked processes, which would inherit a busy thread's locks).
        if not in_processes:
            pool = ThreadPoolExecutor(1, thread_name_prefix="bitext-checks")
            later = pool.submit(meaning)
            pool.shutdown(wait=False)  # its thread ends with `meaning`
    with frozen():  # the beads stay: the collections the checks cause need not scan them
        if in_processes:
            _check_in_parallel(beads, ctx)  # a translation memory: units of their own, checked on every core
        else:
            for b in beads:
                if not is_reviewed(b):
                    b.flags.extend(_bead_flags(b, ctx))
    if encoder is not None:
        evidence, order = later.result() if later is not None else meaning()
        for b in beads:
            if b.id in evidence and "omission" not in b.flag_codes():
                flag = check_orphan_evidence(evidence[b.id], settings)
                if flag:
                    b.flags.append(flag)
        by_id = {b.id: b for b in beads}
        for bid, flag in order.items():
            if bid in by_id and not is_reviewed(by_id[bid]):
                by_id[bid].flags.append(flag)
    for b in beads:  # a sentence with no counterpart explains an uneven bead: say that, not "merge"
        codes = b.flag_codes()
        if "omission" in codes and "merge" in codes and b.zh and b.en:
            b.flags = [f for f in b.flags if f.code != "merge"]
    checked = Alignment(header=dict(alignment.header), beads=beads)
    if consistency:
        flag_groups([checked], find_groups([checked]))
    return with_verdict(checked)


# From this many beads on, with no sentence beads inside paragraph beads (a translation memory), the
# beads are checked in one process per core.
PARALLEL_BEADS = 20_000


@dataclass
class _Context:
    settings: CheckSettings
    models: dict[str, LengthModel]
    children: dict[str, list[Bead]]
    zh_doc: Document | None
    en_doc: Document | None
    units: dict
    term_check: TermCheck | None
    names: NameCheck


def _bead_flags(b: Bead, ctx: _Context) -> list[Flag]:
    """Every check of one bead (a paragraph bead's numbers and references are also pinned to the
    sentence beads inside it, `_content_flags`)."""
    settings, children = ctx.settings, ctx.children
    flags = check_shape(b, settings)
    if not (b.zh and b.en):
        return flags
    if b.level == "paragraph":
        flags.extend(_content_flags(b, children.get(b.id, [])))
        for check in (check_labels, check_footnotes):
            flag = check(b, ctx.zh_doc, ctx.en_doc)
            if flag:
                flags.append(flag)
        flags.extend(_pinned(b, children.get(b.id, []), check_punctuation))
        if "label" not in [f.code for f in flags]:
            flag = check_item_references(b.zh_text, b.en_text)
            if flag:
                flags.append(flag)
    else:
        if b.parent is None:  # a sentence bead with no paragraph bead: check its content on its own
            flags.extend(f for f in (check_numbers(b.zh_text, b.en_text), check_references(b.zh_text, b.en_text),
                                     check_punctuation(b.zh_text, b.en_text)) if f)
        flag = check_labels(b)
        if flag:
            flags.append(flag)
    flag = check_length(b, ctx.models[b.level], settings)
    if flag:
        flags.append(flag)
    for flag in (check_untranslated(b.zh_text, b.en_text, settings), check_orphans(b, settings, ctx.units)):
        if flag:
            flags.append(flag)
    if b.level == "sentence" or b.id not in children:  # the units a translator reads one by one
        flags.extend(_term_and_name_flags(b, ctx.term_check, ctx.names))
    return flags


_SHARED: tuple[list[Bead], _Context] | None = None  # what forked workers read (inherited, not sent)


def _check_range(bounds: tuple[int, int]) -> list[tuple[int, list[Flag]]]:
    beads, ctx = _SHARED
    return [(k, _bead_flags(beads[k], ctx)) for k in range(*bounds) if not is_reviewed(beads[k])]


def _check_in_parallel(beads: list[Bead], ctx: _Context) -> None:
    """The per-bead checks in one forked process per core; each gets the beads by inheritance and
    sends back only the flags. Where processes cannot be forked, one process does it all."""
    import multiprocessing

    global _SHARED
    try:
        fork = multiprocessing.get_context("fork")
    except ValueError:
        fork = None
    if fork is None:
        for b in beads:
            if not is_reviewed(b):
                b.flags.extend(_bead_flags(b, ctx))
        return
    workers = min(cores(), 8)
    step = -(-len(beads) // (workers * 4))
    _SHARED = (beads, ctx)
    try:
        with fork.Pool(workers) as pool:
            for part in pool.imap(_check_range, [(a, min(a + step, len(beads))) for a in range(0, len(beads), step)]):
                for k, flags in part:
                    beads[k].flags.extend(flags)
    finally:
        _SHARED = None


def _term_and_name_flags(b: Bead, term_check: TermCheck | None, names: NameCheck) -> list[Flag]:
    flags = term_check.check(b.zh_text, b.en_text) if term_check is not None else []
    name = names.check(b.zh_text, b.en_text)
    return flags + ([name] if name else [])


def _pinned(para: Bead, kids: list[Bead], check) -> list[Flag]:
    """A paragraph-level finding, also put on the sentence beads inside that show it on their own."""
    flag = check(para.zh_text, para.en_text)
    if flag is None:
        return []
    for kid in kids:
        if kid.zh and kid.en and not is_reviewed(kid):
            kflag = check(kid.zh_text, kid.en_text)
            if kflag:
                kid.flags.append(kflag)
    return [flag]


def _content_flags(para: Bead, kids: list[Bead]) -> list[Flag]:
    """Numbers and references of a paragraph bead; what is missing is also flagged on the
    sentence beads inside that hold it."""
    flags = []
    only_zh, only_en = number_mismatches(para.zh_text, para.en_text)
    missing_zh = {n.value for n in only_zh}
    missing_en = {n.value for n in only_en}
    for kid in kids:
        if is_reviewed(kid) or not (kid.zh and kid.en):
            continue
        kz, ke = number_mismatches(kid.zh_text, kid.en_text)
        # What the paragraph misses, where it is; and a count or ordinal in words changed inside one
        # sentence, which the paragraph hides when another sentence says that number.
        kz = [n for n in kz if n.value in missing_zh or n.kind]
        ke = [n for n in ke if n.value in missing_en or n.kind]
        if (any(n.kind for n in kz) and not ke) or (any(n.kind for n in ke) and not kz):
            kz = [n for n in kz if not n.kind]
            ke = [n for n in ke if not n.kind]
        kflag = _number_flag([format_value(n) for n in kz], [format_value(n) for n in ke])
        if kflag:
            kid.flags.append(kflag)
            only_zh += [n for n in kz if n.value not in missing_zh]
            only_en += [n for n in ke if n.value not in missing_en]
            missing_zh |= {n.value for n in kz}
            missing_en |= {n.value for n in ke}
    flag = _number_flag([format_value(n) for n in only_zh], [format_value(n) for n in only_en])
    if flag:
        flags.append(flag)
    rz, re_ = reference_mismatches(para.zh_text, para.en_text)
    flag = _reference_flag(rz, re_)
    if flag:
        flags.append(flag)
        for kid in kids:
            if is_reviewed(kid):
                continue
            kz, ke = reference_mismatches(kid.zh_text, kid.en_text)
            kflag = _reference_flag([s for s in kz if s in rz], [s for s in ke if s in re_])
            if kflag:
                kid.flags.append(kflag)
    return flags


def documents_for(alignment: Alignment) -> tuple[Document | None, Document | None]:
    """The documents an alignment was made from, re-read from the paths in its header, if they are
    still there and unchanged (same sha256 when the header records one); else (None, None)."""
    from align.documents.segment import segment_file
    from align.files import sha256_file

    docs = []
    for lang in ("zh", "en"):
        info = alignment.header.get(lang) or {}
        path = info.get("path")
        if not path or not Path(path).is_file():
            return None, None
        if info.get("sha256") and sha256_file(path) != info["sha256"]:
            return None, None
        try:
            docs.append(segment_file(path, lang))
        except InputError:
            return None, None
    return docs[0], docs[1]


# ---------------------------------------------------------------- summary


@dataclass
class Summary:
    document: str
    beads: int
    paragraph_beads: int
    sentence_beads: int
    counts: dict[str, dict[str, int]]  # flag code -> {"paragraph": n, "sentence": n}
    flagged: int  # beads with at least one flag (reviewed ones excluded)
    worst: list[Bead] = field(default_factory=list)
    verdict: dict | None = None  # do the documents match (align.quality.verdict), when known

    def total(self, code: str) -> int:
        return sum(self.counts.get(code, {}).values())


def severity(bead: Bead) -> float:
    return sum(SEVERITY.get(f.code, 0) for f in bead.flags) + (1.0 - bead.score)


def summarize(alignment: Alignment, worst: int = 10) -> Summary:
    counts: dict[str, dict[str, int]] = {code: {"paragraph": 0, "sentence": 0} for code in FLAGS}
    flagged = []
    for b in alignment.beads:
        codes = {f.code for f in b.flags if f.code != REVIEWED}
        for code in codes:
            counts.setdefault(code, {"paragraph": 0, "sentence": 0})[b.level] += 1
        if codes:
            flagged.append(b)
    order = {b.id: k for k, b in enumerate(alignment.beads)}
    by_id = {b.id: b for b in alignment.beads}

    def repeats_parent(b: Bead) -> bool:  # the sentence that holds its paragraph's finding, said again
        parent = by_id.get(b.parent or "")
        said = {(f.code, f.reason) for f in parent.flags} if parent is not None else set()
        return bool(said) and {(f.code, f.reason) for f in b.flags} <= said

    ranked = sorted((b for b in flagged if not repeats_parent(b)), key=lambda b: (-severity(b), order[b.id]))
    return Summary(
        document=alignment.document,
        beads=len(alignment.beads),
        paragraph_beads=len(alignment.paragraph_beads()),
        sentence_beads=len(alignment.sentence_beads()),
        counts=counts,
        flagged=len(flagged),
        worst=ranked[:worst],
        verdict=alignment.header.get("verdict"),
    )


def bead_summary(b: Bead) -> dict:
    return {
        "id": b.id, "level": b.level, "paragraph": b.paragraph, "zh": b.zh, "en": b.en, "score": round(b.score, 4),
        "flags": [{"code": f.code, "reason": f.reason} for f in b.flags],
        "zh_text": b.zh_text, "en_text": b.en_text,
    }


def summary_to_dict(summary: Summary, alignment: Alignment) -> dict:
    """What `bitext check --json` prints: totals, counts per flag, the worst beads, every flagged bead."""
    return {
        "document": summary.document,
        "beads": summary.beads,
        "paragraph_beads": summary.paragraph_beads,
        "sentence_beads": summary.sentence_beads,
        "flagged": summary.flagged,
        "verdict": summary.verdict,
        "counts": {code: {**levels, "total": sum(levels.values())} for code, levels in summary.counts.items()},
        "worst": [bead_summary(b) for b in summary.worst],
        "flagged_beads": [bead_summary(b) for b in alignment.beads if any(f.code != REVIEWED for f in b.flags)],
    }
