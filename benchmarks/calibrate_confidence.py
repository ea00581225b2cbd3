"""Fit the bead-confidence model (align.aligner.align.confidence).

Training beads: the UNPC synthetic documents held out from the benchmark's (later pairs, another
seed, three times the damage), MAC-Dev chapters 001-003 (literary, where the aligner makes
most of its mistakes; chapters 004-006 stay held out for the reliability table in
benchmarks/align_mac.py), and the same synthetic documents aligned with each other's English
(mismatched pairs: every two-sided bead there is wrong, so confidence learns what the similarity
of a bead says on its own, not only against its neighbours). Each bead's features and whether it
is right feed a logistic regression; the coefficients printed go into `confidence()`. The real
unrelated pairs (the bundled Chinese documents against unrelated English ones) are never trained
on: benchmarks/unrelated_documents.py tests on them. Usage: python benchmarks/calibrate_confidence.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.unpc_synthetic import evaluate, make_documents  # noqa: E402

MAC = Path("/work/shared/gold/bertalign_mac/mac_dev")
NAMES = ["bias", "margin", "lex", "abs_length_z", "label", "extra_units", "sim"]


def feature_vector(f: dict, n_zh: int, n_en: int) -> list[float]:
    return [1.0, f["margin"], f["lex"], min(abs(f["length_z"]), 6.0), f["label"], n_zh + n_en - 2, f["sim"]]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, steps: int = 50) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(steps):  # Newton's method
        p = 1 / (1 + np.exp(-x @ w))
        grad = x.T @ (p - y) + l2 * w
        hess = (x * (p * (1 - p))[:, None]).T @ x + l2 * np.eye(len(w))
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    # Held out from the benchmark's documents, and damaged three times as often, so that there
    # are enough wrong beads to learn from.
    docs = make_documents(12, seed=7, harm=3.0, offset=1200)
    observed: list[list[tuple[str, object]]] = [[] for _ in docs]
    evaluate(docs, observe=lambda n, level, bead: observed[n].append((level, bead)))
    rows, labels = [], []
    orphans, orphan_labels = [], []
    for obs, right in zip(observed, evaluate.rights, strict=True):
        for (_level, bead), ok in zip(obs, right.values(), strict=True):
            if bead.zh and bead.en:
                rows.append(feature_vector(bead.features, len(bead.zh), len(bead.en)))
                labels.append(float(ok))
            elif bead.features:
                orphans.append([1.0, bead.features["orphan_margin"]])
                orphan_labels.append(float(ok))
    # Mismatched pairs: each document's Chinese against the next one's English.
    from align.aligner.align import align_documents
    from align.documents.segment import segment_text

    encoder_ = None
    mismatched = 0
    for n, doc in enumerate(docs):
        other = docs[(n + 1) % len(docs)]
        beads = []
        from align.aligner.encoders import get_encoder as _get

        encoder_ = encoder_ or _get()
        align_documents(segment_text(doc.zh_text, "zh"), segment_text(other.en_text, "en"), encoder_,
                        observe=lambda level, bead, beads=beads: beads.append(bead))
        for bead in beads:
            if bead.zh and bead.en and bead.features:
                rows.append(feature_vector(bead.features, len(bead.zh), len(bead.en)))
                labels.append(0.0)
                mismatched += 1
    from align.aligner.align import AlignerSettings, align_units
    from align.aligner.dp import SENTENCE_TYPES
    from align.aligner.encoders import get_encoder
    from align.formats.vecalign_score import read_align

    mac = MAC if MAC.exists() else None
    settings = AlignerSettings()
    encoder = get_encoder()
    for k in (1, 2, 3) if mac else ():
        zh = (MAC / "zh" / f"00{k}.zh").read_text(encoding="utf-8").strip().split("\n")
        en = (MAC / "en" / f"00{k}.en").read_text(encoding="utf-8").strip().split("\n")
        gold = {(tuple(z), tuple(e)) for z, e in read_align(MAC / "gold" / f"00{k}.align")}
        beads = align_units(zh, en, encoder.encode(zh), encoder.encode(en), encoder, settings.sentence,
                            settings.sentence_sigma, SENTENCE_TYPES, settings=settings)
        for b in beads:
            ok = float((tuple(b.zh), tuple(b.en)) in gold)
            if b.zh and b.en:
                rows.append(feature_vector(b.features, len(b.zh), len(b.en)))
                labels.append(ok)
            else:
                orphans.append([1.0, b.features["orphan_margin"]])
                orphan_labels.append(ok)
    x, y = np.array(rows), np.array(labels)
    w = fit_logistic(x, y)
    print(f"{len(y)} beads, {int(y.sum())} right ({mismatched} from mismatched pairs)")
    for name, value in zip(NAMES, w, strict=True):
        print(f"  {name:14s} {value:+.3f}")
    ox, oy = np.array(orphans), np.array(orphan_labels)
    ow = fit_logistic(ox, oy)
    print(f"omissions: {len(oy)} beads, {int(oy.sum())} right")
    print(f"  bias           {ow[0]:+.3f}\n  orphan_margin  {ow[1]:+.3f}")


if __name__ == "__main__":
    main()
