"""Bead scores for the dynamic programme: how likely zh units [i-a, i) translate en units [j-b, j).

A bead's score adds up evidence that each side can see:
- embedding similarity of the two spans (span vector = the normalised sum of its units' vectors,
  or the embedding of the joined text where it was computed), minus the spans' usual similarity to
  their nearest neighbours (a margin, as Bertalign and Vecalign do, so that generic units that look
  like everything do not win);
- lexical coverage from CC-CEDICT (the smaller of the two directions);
- a length model: the log ratio of English to Chinese characters against its expected value;
- structural anchors: UN paragraph numbers, item labels and heading numbers that agree or clash.
Skipping a unit (1-0, 0-1) has a fixed cost.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from align.aligner.lexical import LexicalEvidence


@dataclass
class Weights:
    sim: float = 1.0
    margin: float = 1.0
    lex: float = 0.5
    length: float = 0.08
    label: float = 0.6
    skip: float = -0.25
    # Mild priors against rarer bead shapes (per extra unit beyond 1-1).
    extra_unit: float = -0.04


@dataclass
class Side:
    """The units of one side, ready for span arithmetic."""

    texts: list[str]
    vecs: np.ndarray  # (n, d), L2-normalised
    chars: np.ndarray  # characters without spaces
    keys: list[str | None] = field(default_factory=list)  # structural label per unit
    joined: dict[tuple[int, int], np.ndarray] = field(default_factory=dict)  # (start, length) -> vec

    def __post_init__(self) -> None:
        n, d = self.vecs.shape
        self.prefix = np.zeros((n + 1, d), dtype=np.float32)
        np.cumsum(self.vecs, axis=0, out=self.prefix[1:])
        self.char_prefix = np.concatenate([[0.0], np.cumsum(self.chars, dtype=np.float64)])
        if not self.keys:
            self.keys = [None] * n
        self.keyed_prefix = np.concatenate([[0], np.cumsum([k is not None for k in self.keys])])
        self._tables: dict[int, np.ndarray] = {}
        self._norms: dict[int, np.ndarray] = {}  # of summed unit vectors: joins do not change them
        self.version = 0  # bumped when joined-text vectors change the span tables

    def __len__(self) -> int:
        return len(self.texts)

    def span_vectors(self, ends: np.ndarray, length: int) -> np.ndarray:
        """Vectors of spans [e-length, e) for each end e (normalised)."""
        table = self._tables.get(length)
        if table is None:
            table = self._span_table(length)
        return table[ends]

    def _span_table(self, length: int) -> np.ndarray:
        """Row e: the vector of span [e-length, e); joined-text embeddings where there are some."""
        n = len(self.texts)
        table = np.zeros_like(self.prefix)
        table[length:] = self.prefix[length:] - self.prefix[: n + 1 - length]
        for (start, span_len), vec in self.joined.items():
            if span_len == length:
                table[start + length] = vec
        table /= np.maximum(np.linalg.norm(table, axis=1, keepdims=True), 1e-9)
        self._tables[length] = table
        return table

    def span_norms(self, length: int) -> np.ndarray:
        """Row e: the length of the summed vector of span [e-length, e) (1e-9 where there is none)."""
        norms = self._norms.get(length)
        if norms is None:
            norms = self._norms[length] = np.full(len(self.texts) + 1, 1e-9)
            norms[length:] = np.maximum(np.linalg.norm(self.prefix[length:] - self.prefix[:-length], axis=1), 1e-9)
        return norms

    def add_joined(self, vectors: dict[tuple[int, int], np.ndarray]) -> None:
        self.joined.update(vectors)
        self._tables.clear()
        self.version += 1


def char_count(text: str) -> int:
    """Characters that are not white space."""
    return len("".join(text.split()))


def neighbour_mean(a: np.ndarray, b: np.ndarray, k: int = 4, chunk: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    """Mean similarity of each row of a to its k nearest rows of b, and of each row of b to a.

    Computed in chunks so that memory stays linear for long documents."""
    k_ab = min(k, len(b))
    k_ba = min(k, len(a))
    ma = np.zeros(len(a), dtype=np.float32)
    top_b = np.full((len(b), max(1, k_ba)), -1.0, dtype=np.float32)
    for s in range(0, len(a), chunk):
        sims = a[s : s + chunk] @ b.T
        if k_ab:
            part = np.partition(sims, -k_ab, axis=1)[:, -k_ab:]
            ma[s : s + chunk] = part.mean(axis=1)
        if k_ba:
            kk = min(k_ba, sims.shape[0])
            cand = np.partition(sims.T, -kk, axis=1)[:, -kk:] if kk < sims.shape[0] else sims.T
            merged = np.concatenate([top_b, cand], axis=1)
            top_b = np.partition(merged, -k_ba, axis=1)[:, -k_ba:]
    mb = top_b.mean(axis=1) if k_ba else np.zeros(len(b), dtype=np.float32)
    return ma, mb.astype(np.float32)


# Up to this many cells, the DP's scores for each bead shape are computed as whole (n+1) x (m+1)
# matrices at once (float32, a few MB each) instead of row by row: same numbers, far fewer numpy calls.
DENSE_CELLS = 1_000_000


class BeadScorer:
    """score(a, b, i, js) for the DP, plus per-bead feature read-out for confidences."""

    def __init__(self, zh: Side, en: Side, lexical: LexicalEvidence | None, weights: Weights,
                 length_sigma: float):
        self.zh, self.en, self.lex, self.w = zh, en, lexical, weights
        self.dense = (len(zh) + 1) * (len(en) + 1) <= DENSE_CELLS
        self._matrices: dict[tuple[int, int], np.ndarray] = {}
        self._static: dict[tuple[int, int], np.ndarray] = {}
        self._partial: dict[tuple[str, int], np.ndarray] = {}  # lexical sums shared by bead shapes
        self._counts: tuple[np.ndarray, np.ndarray] | None = None
        self._gram: np.ndarray | None = None  # 2-D prefix sums of unit-by-unit similarities
        self._versions = (zh.version, en.version)
        self.nz_mean, self.ne_mean = neighbour_mean(zh.vecs, en.vecs)
        self.nz_prefix = np.concatenate([[0.0], np.cumsum(self.nz_mean, dtype=np.float64)])
        self.ne_prefix = np.concatenate([[0.0], np.cumsum(self.ne_mean, dtype=np.float64)])
        total_zh = max(1.0, float(zh.char_prefix[-1]))
        total_en = max(1.0, float(en.char_prefix[-1]))
        self.length_mu = float(np.log(total_en / total_zh))
        self.length_sigma = length_sigma
        # No unit on either side carries a label (sentences): the label term is zero everywhere.
        self._labelled = bool(zh.keyed_prefix[-1] or en.keyed_prefix[-1])

    # ------------------------------------------------------------------ features
    def similarity(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        zv = self.zh.span_vectors(np.array([i]), a)[0]
        ev = self.en.span_vectors(js, b)
        return ev @ zv

    def margin_base(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        cz = (self.nz_prefix[i] - self.nz_prefix[i - a]) / a
        ce = (self.ne_prefix[js] - self.ne_prefix[js - b]) / b
        return 0.5 * (cz + ce)

    def length_z(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        lz = self.zh.char_prefix[i] - self.zh.char_prefix[i - a]
        le = self.en.char_prefix[js] - self.en.char_prefix[js - b]
        r = np.log((le + 1.0) / (lz + 1.0)) - self.length_mu
        # Short units vary more: widen sigma for them.
        scale = self.length_sigma * (1.0 + 8.0 / np.sqrt(lz + le + 1.0))
        return r / scale

    def lexical(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        if self.lex is None:
            return np.zeros(len(js))
        lx = self.lex
        hit_z = np.zeros(len(js))
        nz = 0.0
        for r in range(i - a, i):
            zp = lx.zprefix(r)
            hit_z += np.minimum(lx.nz[r], zp[js] - zp[js - b])
            nz += lx.nz[r]
        s = np.zeros(lx.m, dtype=np.float64)
        for r in range(i - a, i):
            s += lx.erow(r)
        covered = np.concatenate([[0.0], np.cumsum(np.minimum(lx.ne, s))])
        ne_total = np.concatenate([[0.0], np.cumsum(lx.ne, dtype=np.float64)])
        hit_e = covered[js] - covered[js - b]
        ne = ne_total[js] - ne_total[js - b]
        cov_z = hit_z / nz if nz else np.zeros(len(js))
        cov_e = np.where(ne > 0, hit_e / np.maximum(ne, 1), 0.0)
        return np.minimum(cov_z, cov_e)

    def label(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """+1 when the spans' first units carry the same label, -1 when they clash; a penalty
        for each further labelled unit swallowed into a merged bead."""
        kz = self.zh.keys[i - a]
        out = np.zeros(len(js))
        if kz is not None:
            for k, j in enumerate(js):
                ke = self.en.keys[j - b]
                if ke is not None:
                    out[k] = 1.0 if ke == kz else -1.0
        inner_z = self.zh.keyed_prefix[i] - self.zh.keyed_prefix[i - a + 1] if a > 1 else 0
        inner_e = (self.en.keyed_prefix[js] - self.en.keyed_prefix[js - b + 1]) if b > 1 else 0
        return out - 0.5 * (inner_z + inner_e)

    # ------------------------------------------------------------------ whole matrices (dense mode)
    def matrix(self, a: int, b: int) -> np.ndarray:
        """M[i, j] = score(a, b, i, [j]) for every i >= a, j >= b (other cells are meaningless)."""
        if self._versions != (self.zh.version, self.en.version):
            self._matrices.clear()
            self._versions = (self.zh.version, self.en.version)
        out = self._matrices.get((a, b))
        if out is None:
            static = self._static_of(a, b)
            if self.zh.joined or self.en.joined:
                sim = self.zh.span_vectors(np.arange(len(self.zh) + 1), a) @ self.en.span_vectors(
                    np.arange(len(self.en) + 1), b).T
            else:
                sim = self._summed_similarity(a, b)
            out = self._matrices[(a, b)] = (self.w.sim * sim + static).astype(np.float32)
        return out

    def _summed_similarity(self, a: int, b: int) -> np.ndarray:
        """The cosine of every pair of span sums (spans of a and b units), from the units' one
        similarity matrix: a span pair's dot product is a box sum of it (2-D prefix sums), so each
        bead shape costs a few passes over n x m numbers instead of a product with the vectors."""
        if self._gram is None:
            g = np.zeros((len(self.zh) + 1, len(self.en) + 1))
            np.cumsum(np.cumsum(self.zh.vecs @ self.en.vecs.T, axis=0, dtype=np.float64), axis=1, out=g[1:, 1:])
            self._gram = g
        g = self._gram
        dot = np.zeros_like(g)
        dot[a:, b:] = g[a:, b:] - g[:-a, b:] - g[a:, :-b] + g[:-a, :-b]
        return dot / np.outer(self.zh.span_norms(a), self.en.span_norms(b))

    def _static_of(self, a: int, b: int) -> np.ndarray:
        static = self._static.get((a, b))
        if static is None:
            static = self._static[(a, b)] = self._static_matrix(a, b)
        return static

    def _static_matrix(self, a: int, b: int) -> np.ndarray:
        """Every term of the score but the embedding similarity (which joins can change)."""
        n, m = len(self.zh), len(self.en)
        i = np.arange(a, n + 1)[:, None]  # the row-wise terms broadcast over (rows, columns)
        j = np.arange(b, m + 1)[None, :]
        out = np.zeros((n + 1, m + 1), dtype=np.float64)
        lexical = self._lexical_matrix(a, b) if self.lex is not None else 0.0
        label = self._label_matrix(a, b) if self.w.label and self._labelled else 0.0
        out[a:, b:] = self._static_terms(a, b, i, j, lexical, label)
        return out

    def _static_terms(self, a: int, b: int, i, js, lexical, label) -> np.ndarray:
        """margin, lexical, length, label and shape terms: for one row (i an int) or, broadcast,
        for a whole matrix (i a column, js a row)."""
        w = self.w
        z = self.length_z(a, b, i, js)
        return (-w.margin * self.margin_base(a, b, i, js) + w.lex * lexical - w.length * np.minimum(z * z, 16.0)
                + w.label * label + w.extra_unit * (a + b - 2))

    def _lexical_matrix(self, a: int, b: int) -> np.ndarray:
        """lexical(a, b, i, js) for all i >= a (rows) and j >= b (columns)."""
        rows = self._zh_hit_rows(b)
        hit_z = rows[a:] - rows[:-a]
        nzp, nep = self._word_counts()
        nz = (nzp[a:] - nzp[:-a])[:, None]
        cov_z = np.divide(hit_z, nz, out=np.zeros_like(hit_z), where=nz > 0)
        covered = self._en_covered(a)
        hit_e = covered[:, b:] - covered[:, :-b]
        ne = (nep[b:] - nep[:-b])[None, :]
        cov_e = np.where(ne > 0, hit_e / np.maximum(ne, 1), 0.0)
        return np.minimum(cov_z, cov_e)

    def _word_counts(self) -> tuple[np.ndarray, np.ndarray]:
        """Prefix sums of the content words of each side's units."""
        if self._counts is None:
            lx = self.lex
            self._counts = (np.concatenate([[0.0], np.cumsum(lx.nz, dtype=np.float64)]),
                            np.concatenate([[0.0], np.cumsum(lx.ne, dtype=np.float64)]))
        return self._counts

    def _zh_hit_rows(self, b: int) -> np.ndarray:
        """Prefix sums over zh units of each unit's words with a translation in the en span of b units
        ending at j (shared by the bead shapes with b en units)."""
        rows = self._partial.get(("z", b))
        if rows is None:
            lx, zp = self.lex, self.lex.all_rows()[0]
            hits = np.minimum(lx.nz[:, None], zp[:, b:] - zp[:, :-b])  # unit r against en span ending at j
            rows = self._partial[("z", b)] = np.zeros((len(self.zh) + 1, hits.shape[1]))
            np.cumsum(hits, axis=0, out=rows[1:])
        return rows

    def _en_covered(self, a: int) -> np.ndarray:
        """Row i: prefix sums over en units of their words with a source in the zh span of a units
        ending at i (shared by the bead shapes with a zh units)."""
        covered = self._partial.get(("e", a))
        if covered is None:
            lx, er = self.lex, self.lex.all_rows()[1]
            covered = self._partial[("e", a)] = np.zeros((len(self.zh) + 1 - a, len(self.en) + 1))
            np.cumsum(np.minimum(lx.ne[None, :], er[a:] - er[:-a]), axis=1, out=covered[:, 1:])
        return covered

    def _label_matrix(self, a: int, b: int) -> np.ndarray:
        n, m = len(self.zh), len(self.en)
        kz = self.zh.keys[: n + 1 - a]  # first unit of the span ending at i is i - a
        ke = self.en.keys[: m + 1 - b]
        ids: dict[str, int] = {}
        zid = np.array([-1 if k is None else ids.setdefault(k, len(ids)) for k in kz])
        eid = np.array([-1 if k is None else ids.setdefault(k, len(ids)) for k in ke])
        both = (zid[:, None] >= 0) & (eid[None, :] >= 0)
        out = np.where(both, np.where(zid[:, None] == eid[None, :], 1.0, -1.0), 0.0)
        i = np.arange(a, n + 1)
        j = np.arange(b, m + 1)
        inner_z = self.zh.keyed_prefix[i] - self.zh.keyed_prefix[i - a + 1] if a > 1 else np.zeros(len(i))
        inner_e = self.en.keyed_prefix[j] - self.en.keyed_prefix[j - b + 1] if b > 1 else np.zeros(len(j))
        return out - 0.5 * (inner_z[:, None] + inner_e[None, :])

    # ------------------------------------------------------------------ the DP's score
    def __call__(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        w = self.w
        if a == 0 or b == 0:
            return np.full(len(js), w.skip)
        if self.dense:
            if self._versions != (self.zh.version, self.en.version):
                # Joined-text vectors have changed the spans since the matrices were made, and the DP
                # now runs in a narrow band (align_units' second pass): the few cells it reads cost less
                # than new matrices.
                return w.sim * self.similarity(a, b, i, js) + self._static_of(a, b)[i, js]
            return self.matrix(a, b)[i, js].astype(np.float64)
        return self.row(a, b, i, js)

    def row(self, a: int, b: int, i: int, js: np.ndarray) -> np.ndarray:
        """The score of beads ending at zh unit i and at each en unit in js, computed directly."""
        label = self.label(a, b, i, js) if self.w.label else 0.0
        return self.w.sim * self.similarity(a, b, i, js) + self._static_terms(
            a, b, i, js, self.lexical(a, b, i, js), label)

    def orphan_margin(self, i0: int, i1: int, j0: int, j1: int, reach: int = 2) -> float:
        """For a unit left unaligned: its best margin similarity to the units of the other side
        within `reach` positions. High means a counterpart probably exists (a doubtful omission)."""
        if i1 > i0:
            vec, others = self.zh.vecs[i0], self.en.vecs[max(0, j0 - reach) : j0 + reach]
            base_self, base_other = self.nz_mean[i0], self.ne_mean[max(0, j0 - reach) : j0 + reach]
        else:
            vec, others = self.en.vecs[j0], self.zh.vecs[max(0, i0 - reach) : i0 + reach]
            base_self, base_other = self.ne_mean[j0], self.nz_mean[max(0, i0 - reach) : i0 + reach]
        if len(others) == 0:
            return -1.0
        return float(np.max(others @ vec - 0.5 * (base_self + base_other)))

    def features(self, i0: int, i1: int, j0: int, j1: int) -> dict[str, float]:
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            return {"sim": 0.0, "margin": 0.0, "lex": 0.0, "length_z": 0.0, "label": 0.0, "score": self.w.skip,
                    "orphan_margin": self.orphan_margin(i0, i1, j0, j1)}
        js = np.array([j1])
        sim, lex, label = self.similarity(a, b, i1, js), self.lexical(a, b, i1, js), self.label(a, b, i1, js)
        score = self.w.sim * sim + self._static_terms(a, b, i1, js, lex, label if self.w.label else 0.0)
        return {
            "sim": float(sim[0]),
            "margin": float(sim[0]) - float(self.margin_base(a, b, i1, js)[0]),
            "lex": float(lex[0]),
            "length_z": float(self.length_z(a, b, i1, js)[0]),
            "label": float(label[0]),
            "score": float(score[0]),
        }
