"""Strict and lax precision/recall/F1 of sentence alignments, as Vecalign's scorer defines them.

Strict: a bead counts only if exactly the same bead is in the gold. Lax: a wrong bead still counts
if it overlaps a gold bead on both sides. Precision is over the test beads (deletions included);
recall swaps the roles and ignores deletions."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

Bead = tuple[list[int], list[int]]


def read_align(path: str | Path) -> list[Bead]:
    """Vecalign/Bertalign format: `[0, 1]:[0]` or `[0,1]:[0]:0.87` per line."""
    beads = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        parts = line.split(":")
        beads.append((list(ast.literal_eval(parts[0])), list(ast.literal_eval(parts[1]))))
    return beads


def _counts(gold: list[Bead], test: list[Bead]) -> tuple[int, int, int, int]:
    test_set = {(tuple(x), tuple(y)) for x, y in test if x or y}
    gold_set = {(tuple(x), tuple(y)) for x, y in gold if x or y}
    src_to_gold_tgt: dict[int, set[int]] = defaultdict(set)
    for gs, gt in gold_set:
        for s in gs:
            src_to_gold_tgt[s].update(gt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for ts, tt in test_set:
        if (ts, tt) in gold_set:
            tp_strict += 1
            tp_lax += 1
            continue
        fp_strict += 1
        targets = set(tt)
        if any(src_to_gold_tgt[s] & targets for s in ts):
            tp_lax += 1
        else:
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score_multiple(golds: list[list[Bead]], tests: list[list[Bead]]) -> dict[str, float]:
    p = [0, 0, 0, 0]
    r = [0, 0, 0, 0]
    for gold, test in zip(golds, tests, strict=True):
        for k, v in enumerate(_counts(gold, test)):
            p[k] += v
        no_del_test = [(x, y) for x, y in test if x and y]
        no_del_gold = [(x, y) for x, y in gold if x and y]
        for k, v in enumerate(_counts(no_del_test, no_del_gold)):
            r[k] += v
    ps = p[0] / (p[0] + p[1]) if p[0] + p[1] else 0.0
    pl = p[2] / (p[2] + p[3]) if p[2] + p[3] else 0.0
    rs = r[0] / (r[0] + r[1]) if r[0] + r[1] else 0.0
    rl = r[2] / (r[2] + r[3]) if r[2] + r[3] else 0.0
    return {"strict_p": ps, "strict_r": rs, "strict_f1": _f1(ps, rs),
            "lax_p": pl, "lax_r": rl, "lax_f1": _f1(pl, rl)}
