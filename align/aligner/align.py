"""The embedding aligner: paragraphs first, then sentences inside each paragraph bead.

Both levels run the same two-pass procedure over a sequence of units:

1. embed the units; score beads from span vectors (sums of unit vectors), lexical evidence, the
   length model and structural anchors; find the best path (dp.py);
2. where that path is unsure (low-scoring or non 1-1 beads and their neighbours), embed the joined
   text of multi-unit spans, which a sum of vectors only approximates, and run the DP again.

Long inputs (more than a few million cells) are first anchored by mutual nearest neighbours and
then aligned inside a band around the anchors, so memory grows linearly with the input.
Every bead gets a confidence in [0, 1] from a logistic model of its features (see `confidence`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import numpy as np

from align import __version__
from align.aligner.dp import PARAGRAPH_TYPES, SENTENCE_TYPES, band_around, best_path
from align.aligner.encoders import Encoder, encode_joined, get_encoder
from align.aligner.lexical import LexicalEvidence
from align.aligner.scoring import BeadScorer, Side, Weights, char_count
from align.documents.instrument import anchor_key, is_instrument_id
from align.errors import InputError
from align.files import sha256_file
from align.model import Alignment, Bead, Block, Document

Progress = Callable[[str, int], None]


@dataclass
class AlignerSettings:
    paragraph: Weights = field(default_factory=lambda: Weights(
        sim=1.0, margin=0.5, lex=0.4, length=0.1, label=0.6, skip=-0.3, extra_unit=-0.03))
    sentence: Weights = field(default_factory=lambda: Weights(
        sim=1.0, margin=0.25, lex=0.5, length=0.1, label=0.0, skip=-0.15, extra_unit=-0.03))
    paragraph_sigma: float = 0.3
    sentence_sigma: float = 0.35
    join_unsure: bool = True
    unsure_score: float = 0.7  # pass-1 1-1 beads less confident than this are re-examined with joins
    unsure_multi: float = 0.9  # the same for other bead shapes
    band_cells: int = 4_000_000  # above n*m cells, align inside a band around anchors
    band_width: int = 80
    refine_width: int = 6  # band half-width of the second pass, around the first pass's path


@dataclass
class UnitBead:
    """A bead over unit indices, with its features and confidence."""

    zh: list[int]
    en: list[int]
    score: float
    confidence: float
    features: dict[str, float]


def confidence(features: dict[str, float], n_zh: int, n_en: int) -> float:
    """P(bead is right), a logistic model of its features.

    Coefficients fitted by benchmarks/calibrate_confidence.py (held-out synthetic UN documents,
    MAC-Dev 001-003, and mismatched pairs of the synthetic documents, so that a bead of two texts
    that do not translate each other is unlikely whatever its neighbours look like); the label
    weight is set by hand, as the training beads carry few labels. Omissions (1-0, 0-1) get their
    observed rate of being right there (61 of 68); none of their features predicted it better. The
    quality checks flag every omission for review anyway."""
    if n_zh == 0 or n_en == 0:
        return 0.85
    x = (
        -4.825
        + 16.983 * features["sim"]
        - 8.186 * features["margin"]
        + 1.568 * features["lex"]
        - 0.414 * min(abs(features["length_z"]), 6.0)
        + 1.0 * features["label"]
        - 1.010 * (n_zh + n_en - 2)
    )
    return float(1.0 / (1.0 + math.exp(-x)))


def _pass1_sure(features: dict[str, float], n_zh: int, n_en: int) -> float:
    """How sure pass 1 is of a bead, to choose where joined spans are worth embedding: the model
    that `unsure_score` and `unsure_multi` were set with (fitted before confidences learnt from
    mismatched pairs), so that the paths the aligner finds do not depend on that later fit."""
    if n_zh == 0 or n_en == 0:
        return 0.85
    x = (1.898 + 3.397 * features["margin"] + 2.039 * features["lex"]
         - 0.530 * min(abs(features["length_z"]), 6.0) + 1.0 * features["label"] - 0.902 * (n_zh + n_en - 2))
    return float(1.0 / (1.0 + math.exp(-x)))


def _side(texts: list[str], vecs: np.ndarray, keys: list[str | None] | None = None) -> Side:
    return Side(texts=texts, vecs=vecs, chars=np.array([char_count(t) for t in texts], dtype=np.float64),
                keys=keys or [])


def _anchor_band(zh: Side, en: Side, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Mutual nearest neighbours, filtered to a monotone chain, then a band around the chain."""
    n, m = len(zh), len(en)
    best_en = np.zeros(n, dtype=np.int64)
    best_en_sim = np.zeros(n, dtype=np.float32)
    best_zh = np.zeros(m, dtype=np.int64)
    best_zh_sim = np.full(m, -2.0, dtype=np.float32)
    for s in range(0, n, 1024):
        sims = zh.vecs[s : s + 1024] @ en.vecs.T
        best_en[s : s + 1024] = sims.argmax(axis=1)
        best_en_sim[s : s + 1024] = sims.max(axis=1)
        col_best = sims.max(axis=0)
        better = col_best > best_zh_sim
        best_zh[better] = sims.argmax(axis=0)[better] + s
        best_zh_sim[better] = col_best[better]
    pairs = [(i, int(best_en[i])) for i in range(n) if best_zh[best_en[i]] == i]
    # Longest chain increasing in both coordinates (patience sorting on j).
    chain = _longest_increasing(pairs)
    # Anchors far off the diagonal trend are likely wrong: keep those near the chain's own slope.
    return band_around(chain, n, m, width)


def _longest_increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    import bisect

    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tails_idx.append(k)
        else:
            tails[pos] = j
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    out = []
    k = tails_idx[-1] if tails_idx else -1
    while k >= 0:
        out.append(pairs[k])
        k = prev[k]
    return out[::-1]


def _unsure_spans(path, sure: list[float], threshold: float, multi_threshold: float = 1.0,
                  ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Multi-unit spans worth embedding for real: around each bead pass 1 was unsure of, those whose
    ends lie within one unit of that bead's ends (where a corrected bead would start and stop)."""
    zh_spans: set[tuple[int, int]] = set()
    en_spans: set[tuple[int, int]] = set()
    for (i0, i1, j0, j1), s in zip(path, sure):
        if s >= (threshold if (i1 - i0, j1 - j0) == (1, 1) else multi_threshold):
            continue
        for spans, lo, hi in ((zh_spans, i0, i1), (en_spans, j0, j1)):
            longest = min(4, max(2, hi - lo + 1))
            for start in (lo - 1, lo, lo + 1):
                for end in (hi - 1, hi, hi + 1):
                    if start >= 0 and 2 <= end - start <= longest:
                        spans.add((start, end - start))
    return zh_spans, en_spans


def align_units(
    zh_texts: list[str],
    en_texts: list[str],
    zh_vecs: np.ndarray,
    en_vecs: np.ndarray,
    encoder: Encoder | None,
    weights: Weights,
    sigma: float,
    types=SENTENCE_TYPES,
    zh_keys: list[str | None] | None = None,
    en_keys: list[str | None] | None = None,
    settings: AlignerSettings | None = None,
    lexical: LexicalEvidence | None = None,
) -> list[UnitBead]:
    """Align two unit sequences; returns beads covering every unit exactly once, in order."""
    settings = settings or AlignerSettings()
    n, m = len(zh_texts), len(en_texts)
    if n == 0 or m == 0:
        return [UnitBead([i], [], weights.skip, confidence({}, 1, 0), {}) for i in range(n)] + [
            UnitBead([], [j], weights.skip, confidence({}, 0, 1), {}) for j in range(m)
        ]
    zh = _side(zh_texts, zh_vecs, zh_keys)
    en = _side(en_texts, en_vecs, en_keys)
    lex = lexical if lexical is not None else LexicalEvidence(zh_texts, en_texts)
    scorer = BeadScorer(zh, en, lex, weights, sigma)
    band = _anchor_band(zh, en, settings.band_width) if n * m > settings.band_cells else None
    path = best_path(n, m, scorer, types, band)
    if settings.join_unsure and encoder is not None and n * m > 1:
        sure = []
        for p in path:
            f = scorer.features(*p)
            sure.append(_pass1_sure(f, p[1] - p[0], p[3] - p[2]) if f else 0.0)
        zh_spans, en_spans = _unsure_spans(path, sure, settings.unsure_score, settings.unsure_multi)
        _embed_joins(zh, zh_spans, "", encoder)
        _embed_joins(en, en_spans, " ", encoder)
        if zh_spans or en_spans:
            # Joins only change beads locally: search again in a narrow band around pass 1's path.
            corners = [(p[0], p[2]) for p in path] + [(p[1], p[3]) for p in path]
            path = best_path(n, m, scorer, types, band_around(corners, n, m, settings.refine_width))
    pinned = set()
    if zh_keys and en_keys:
        path, pinned = pin_spans(path, zh.keys, en.keys, max(max(a, b) for a, b in types))
    out = []
    for i0, i1, j0, j1 in path:
        f = scorer.features(i0, i1, j0, j1)
        # A pinned span's shape is set by its anchors, not chosen: it is judged as a 1-1 bead.
        shape = (1, 1) if (i0, i1, j0, j1) in pinned else (i1 - i0, j1 - j0)
        out.append(UnitBead(list(range(i0, i1)), list(range(j0, j1)), f["score"], confidence(f, *shape), f))
    return out


def pin_spans(path: list[tuple[int, int, int, int]], zh_keys: list[str | None], en_keys: list[str | None],
              longest: int = 4) -> tuple[list[tuple[int, int, int, int]], set[tuple[int, int, int, int]]]:
    """Beads beyond the DP's shapes where anchors pin a span: between two 1-1 beads whose units carry
    the same printed structure (article 8 and Article 8; or the start and end of the documents), one
    unit on one side against more than `longest` on the other (a one-block preamble against eleven
    preambular paragraphs) is one bead, not a 1-4 bead and a run of omissions. Returns the new path
    and the pinned beads."""
    anchors = [k for k, (i0, i1, j0, j1) in enumerate(path)
               if i1 - i0 == 1 and j1 - j0 == 1 and zh_keys[i0] is not None and zh_keys[i0] == en_keys[j0]]
    out: list[tuple[int, int, int, int]] = []
    pinned: set[tuple[int, int, int, int]] = set()
    for a, b in zip([-1, *anchors], [*anchors, len(path)]):
        if a >= 0:
            out.append(path[a])
        inner = path[a + 1 : b]
        if inner:
            span = (inner[0][0], inner[-1][1], inner[0][2], inner[-1][3])
            nz, ne = span[1] - span[0], span[3] - span[2]
            if min(nz, ne) == 1 and max(nz, ne) > longest and any(i0 == i1 or j0 == j1 for i0, i1, j0, j1 in inner):
                out.append(span)
                pinned.add(span)
                continue
        out.extend(inner)
    return out, pinned


def _embed_joins(side: Side, spans: set[tuple[int, int]], sep: str, encoder: Encoder) -> None:
    todo = sorted(s for s in spans if s not in side.joined and s[1] > 1 and s[0] + s[1] <= len(side))
    if not todo:
        return
    vecs = encode_joined(encoder, [side.texts[s : s + length] for s, length in todo], sep)
    side.add_joined(dict(zip(todo, vecs)))


def warm_up_lexicon(zh: list[str], en: list[str]) -> threading.Thread:
    """Load CC-CEDICT and jieba's dictionary (as much of them as `zh` needs) and read the texts into
    words, in the background while the encoder embeds (numpy releases the GIL, so the two overlap
    on a multi-core machine)."""
    from align.aligner.lexical import warm_up

    thread = threading.Thread(target=warm_up, args=(sum(map(len, zh)), zh, en), daemon=True)
    thread.start()
    return thread


def _embed_both(encoder: Encoder, zh: list[str], en: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The vectors of both sides in one call: the encoder's threads fill and drain once, and the
    cache is asked once."""
    if not zh and not en:
        return np.zeros((0, 512), dtype=np.float32), np.zeros((0, 512), dtype=np.float32)
    vecs = encoder.encode(zh + en)
    return vecs[: len(zh)], vecs[len(zh) :]


def align_sentence_lists(
    zh: list[str], en: list[str], encoder: Encoder | None = None, settings: AlignerSettings | None = None,
) -> list[tuple[list[int], list[int], float]]:
    """Align two lists of sentences (0-based indices per bead, confidence)."""
    settings = settings or AlignerSettings()
    encoder = encoder or get_encoder()
    warm = warm_up_lexicon(zh, en)
    zv, ev = _embed_both(encoder, zh, en)
    warm.join()
    beads = align_units(zh, en, zv, ev, encoder, settings.sentence, settings.sentence_sigma, SENTENCE_TYPES,
                        settings=settings)
    return [(b.zh, b.en, b.confidence) for b in beads]


# ---------------------------------------------------------------------- documents


def _label_key(block: Block) -> str | None:
    """What a block's label says structurally, comparable across languages."""
    if is_instrument_id(block.id):  # art8bis, art12.p3.a, part4: printed numbers; art2.b1, pre3: counted
        return anchor_key(block.id)
    if block.number is None:
        return None
    if block.kind == "paragraph":
        return f"p:{block.number}"
    if block.kind == "item":
        return f"i:{block.number}"
    if block.kind == "heading":
        return f"h{block.level}:{block.number}"
    return None


def _block_vectors(blocks: list[Block], sent_vecs: np.ndarray, offsets: list[int]) -> np.ndarray:
    out = np.zeros((len(blocks), sent_vecs.shape[1]), dtype=np.float32)
    for k, b in enumerate(blocks):
        v = sent_vecs[offsets[k] : offsets[k] + max(1, len(b.sentences))].sum(axis=0)
        out[k] = v / max(float(np.linalg.norm(v)), 1e-9)
    return out


def _sentences_of(blocks: list[Block]) -> tuple[list[str], list[str], list[int]]:
    texts, ids, offsets = [], [], []
    for b in blocks:
        offsets.append(len(texts))
        sents = b.sentences or []
        if sents:
            texts.extend(s.text for s in sents)
            ids.extend(s.id for s in sents)
        else:
            texts.append(b.text)
            ids.append(b.id)
    return texts, ids, offsets


def align_documents(
    zh_doc: Document,
    en_doc: Document,
    encoder: Encoder | None = None,
    settings: AlignerSettings | None = None,
    progress: Progress | None = None,
    observe: Callable[[str, UnitBead], None] | None = None,
) -> Alignment:
    """Align a Chinese document with its English original: paragraph beads, then sentence beads
    inside each paragraph bead (ids a<k> and a<k>.<s>, `parent` linking them).

    `observe(level, bead)` sees every bead with its features (used to calibrate confidences)."""
    settings = settings or AlignerSettings()
    if not zh_doc.blocks:
        raise InputError("the Chinese document has no text blocks", zh_doc.source)
    if not en_doc.blocks:
        raise InputError("the English document has no text blocks", en_doc.source)
    encoder = encoder or get_encoder()
    getattr(encoder, "preload", lambda: None)()
    step = progress or (lambda what, n: None)
    zs_texts, zs_ids, z_off = _sentences_of(zh_doc.blocks)
    es_texts, es_ids, e_off = _sentences_of(en_doc.blocks)
    warm = warm_up_lexicon([b.text for b in zh_doc.blocks] + zs_texts, [b.text for b in en_doc.blocks] + es_texts)
    step("embedding", 0)
    zs_vecs, es_vecs = _embed_both(encoder, zs_texts, es_texts)
    step("embedding", 1)
    warm.join()
    zb_vecs = _block_vectors(zh_doc.blocks, zs_vecs, z_off)
    eb_vecs = _block_vectors(en_doc.blocks, es_vecs, e_off)
    para_beads = align_units(
        [b.text for b in zh_doc.blocks], [b.text for b in en_doc.blocks], zb_vecs, eb_vecs,
        None, settings.paragraph, settings.paragraph_sigma, PARAGRAPH_TYPES,
        [_label_key(b) for b in zh_doc.blocks], [_label_key(b) for b in en_doc.blocks], settings,
    )
    step("paragraphs", 1)
    # One lexical index over all sentences serves every paragraph bead's sentence alignment.
    beads: list[Bead] = []
    z_sent_range = [(z_off[k], z_off[k + 1] if k + 1 < len(z_off) else len(zs_texts)) for k in range(len(z_off))]
    e_sent_range = [(e_off[k], e_off[k + 1] if k + 1 < len(e_off) else len(es_texts)) for k in range(len(e_off))]
    zh_sep = ""
    for k, pb in enumerate(para_beads, 1):
        pid = f"a{k}"
        if observe:
            observe("paragraph", pb)
        zb = [zh_doc.blocks[i] for i in pb.zh]
        eb = [en_doc.blocks[j] for j in pb.en]
        beads.append(Bead(
            id=pid, level="paragraph", zh=[b.id for b in zb], en=[b.id for b in eb],
            zh_text=zh_sep.join(b.text for b in zb), en_text=" ".join(b.text for b in eb),
            score=round(pb.confidence, 4),
        ))
        zi = [s for i in pb.zh for s in range(*z_sent_range[i])]
        ej = [s for j in pb.en for s in range(*e_sent_range[j])]
        if not zi or not ej:
            continue  # an omission: the paragraph bead says it all
        if len(zi) == 1 and len(ej) == 1:
            sub = [UnitBead([0], [0], pb.score, pb.confidence, pb.features)]
        else:
            # Inside a paragraph bead, joined-text embeddings did not pay (UNPC synthetic documents:
            # sentence F1 0.980 without, 0.977 with), so sentence beads use span sums only.
            sub = align_units(
                [zs_texts[s] for s in zi], [es_texts[s] for s in ej], zs_vecs[zi], es_vecs[ej], None,
                settings.sentence, settings.sentence_sigma, SENTENCE_TYPES, settings=settings,
            )
        for s, sb in enumerate(sub, 1):
            if observe:
                observe("sentence", sb)
            beads.append(Bead(
                id=f"{pid}.{s}", level="sentence",
                zh=[zs_ids[zi[x]] for x in sb.zh], en=[es_ids[ej[y]] for y in sb.en],
                zh_text=zh_sep.join(zs_texts[zi[x]] for x in sb.zh),
                en_text=" ".join(es_texts[ej[y]] for y in sb.en),
                score=round(sb.confidence, 4), parent=pid,
            ))
    step("sentences", 1)
    header = {
        "tool": "bitext",
        "tool_version": __version__,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "encoder": getattr(encoder, "name", "unknown"),
        "zh": _doc_info(zh_doc),
        "en": _doc_info(en_doc),
    }
    return Alignment(header=header, beads=beads)


def _doc_info(doc: Document) -> dict:
    info = {"path": doc.source, "lang": doc.lang, "symbol": doc.symbol,
            "title": doc.meta.get("title"), "format": doc.meta.get("format"), "blocks": len(doc.blocks)}
    if doc.meta.get("script"):
        info["script"] = doc.meta["script"]
    ocr = [b.id for b in doc.blocks if b.ocr]
    if ocr:  # text read by OCR needs review: which blocks it is
        info["ocr_pages"] = doc.meta.get("ocr_pages", [])
        info["ocr_blocks"] = ocr
    if doc.source:
        try:
            info["sha256"] = sha256_file(doc.source)
        except OSError:
            pass
    return info
