"""Do the two documents match? A verdict on the whole alignment: `match`, `partial` or `unrelated`.

An aligner always finds some path through two documents, even when one is not a translation of the
other; what tells the cases apart is how much of the text ends up in beads the aligner is sure of.
Translations of UN documents put nearly all of their text in such beads (the Charter, the UDHR and
synthetic UN documents with three times the usual damage: 98-100% of their characters); a Chinese
report aligned with an unrelated English one puts a few headings and boilerplate sentences there
(at most a quarter on the bundled documents, see benchmarks/unrelated_documents.py). In between, a
document is a partial match: one is an excerpt or an earlier version of the other, or a part of it
is another document's text (half of it paired, in that benchmark).

Numbers and symbols help decide: where both texts of a paired paragraph carry numbers or symbols,
translations agree on most of them, unrelated texts on almost none.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from align.aligner.scoring import char_count
from align.model import Alignment
from align.quality.numbers import number_mismatches, numbers_of, reference_mismatches, references_of

MATCH, PARTIAL, UNRELATED = "match", "partial", "unrelated"
SURE = 0.5  # a bead at least this confident counts as paired
MATCH_SHARE = 0.7  # this share of the text paired: the documents match ...
UNRELATED_SHARE = 0.3  # ... under this share: they are unrelated
AGREEMENT_MIN_BEADS = 5  # numbers decide only with at least this many paired paragraphs that carry some


@dataclass
class Verdict:
    verdict: str
    paired: float  # share of the text (characters, both languages) in two-sided beads the aligner is sure of
    sure_beads: int  # two-sided beads at least SURE confident
    beads: int  # beads considered (paragraph beads, or the units of an alignment without them)
    numbers_agree: float | None  # share of paired beads with numbers or symbols on both sides that agree on them
    numbers_beads: int
    reason: str

    def to_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _has_numbers(text: str, lang: str) -> bool:
    return bool(references_of(text)) or any(n.strong for n in numbers_of(text, lang))


def judge(alignment: Alignment) -> Verdict:
    beads = alignment.paragraph_beads() or alignment.sentence_beads()
    total = paired = 0
    sure = 0
    agree = checked = 0
    for b in beads:
        chars = char_count(b.zh_text) + char_count(b.en_text)
        total += chars
        if not (b.zh and b.en) or b.score < SURE:
            continue
        sure += 1
        paired += chars
        if _has_numbers(b.zh_text, "zh") and _has_numbers(b.en_text, "en"):
            checked += 1
            only_zh, only_en = number_mismatches(b.zh_text, b.en_text)
            rz, re_ = reference_mismatches(b.zh_text, b.en_text)
            agree += not (only_zh or only_en or rz or re_)
    share = paired / total if total else 0.0
    numbers = agree / checked if checked else None
    if share >= MATCH_SHARE:
        verdict = MATCH
    elif share < UNRELATED_SHARE:
        verdict = UNRELATED
    else:
        verdict = PARTIAL
    if verdict == PARTIAL and numbers is not None and checked >= AGREEMENT_MIN_BEADS and numbers < 0.2:
        verdict = UNRELATED  # the few paragraphs paired disagree on nearly every number and symbol
    pct = f"{share:.0%} of the text paired with confidence ≥ {SURE}"
    if numbers is not None and checked >= AGREEMENT_MIN_BEADS:
        pct += f"; numbers and symbols agree in {agree} of {checked} paired paragraphs"
    reason = {
        MATCH: f"the documents match: {pct}",
        PARTIAL: f"the documents match only in part: {pct}",
        UNRELATED: f"the Chinese does not look like a translation of the English: only {pct}",
    }[verdict]
    return Verdict(verdict, share, sure, len(beads), numbers, checked, reason)


def with_verdict(alignment: Alignment) -> Alignment:
    """The alignment with its verdict in the header (`alignment.header["verdict"]`). A translation
    memory read from TMX holds units of many documents with no confidences of bitext's: no verdict."""
    if "tmx" in alignment.header:
        alignment.header.pop("verdict", None)
    else:
        alignment.header["verdict"] = judge(alignment).to_dict()
    return alignment


def verdict_of(alignment: Alignment) -> str | None:
    return (alignment.header.get("verdict") or {}).get("verdict")

