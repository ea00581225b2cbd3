"""The dynamic programme behind every alignment: scores in, path out, no I/O.

`best_path` finds the monotone sequence of beads (a zh units, b en units) that maximises the sum of
bead scores. It works row by row over the zh units, vectorised over the en units of each row, and
only inside a band (per row, the en positions allowed), so memory grows with the band, not with
n x m: a 5,000 x 6,000 alignment with a band of a few hundred fits in a few hundred MB.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# Bead types as (zh units, en units).
PARAGRAPH_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (1, 0), (0, 1),
)
SENTENCE_TYPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (1, 4), (4, 1), (2, 3), (3, 2), (1, 0), (0, 1),
)

# score(a, b, i, js) -> scores of the beads that cover zh [i-a, i) and en [j-b, j) for j in js.
ScoreFn = Callable[[int, int, int, np.ndarray], np.ndarray]


# Up to this many cells, the DP keeps whole score arrays (-inf outside the band): 36 MB at most.
WHOLE_CELLS = 4_000_000


def full_band(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)


def band_around(path_points: Sequence[tuple[int, int]], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of +-width en positions around a monotone path given as (i, j) points."""
    pts = sorted(set([(0, 0), *path_points, (n, m)]))
    xs = np.array([p[0] for p in pts], dtype=np.float64)
    ys = np.array([p[1] for p in pts], dtype=np.float64)
    ys = np.maximum.accumulate(ys)
    rows = np.arange(n + 1, dtype=np.float64)
    centre_lo = np.interp(rows, xs, ys, left=0, right=m)
    # For rows where several points share i, take the range they span.
    lo = np.floor(centre_lo).astype(np.int64) - width
    hi = np.ceil(centre_lo).astype(np.int64) + width
    for x, y in pts:
        lo[x] = min(lo[x], y - width)
        hi[x] = max(hi[x], y + width)
    lo = np.clip(lo, 0, m)
    hi = np.clip(hi, 0, m)
    # Keep the band connected: each row must reach the previous row's range.
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[-1] = 0, m
    return lo, hi


def best_path(
    n: int,
    m: int,
    score: ScoreFn,
    types: Sequence[tuple[int, int]] = PARAGRAPH_TYPES,
    band: tuple[np.ndarray, np.ndarray] | None = None,
) -> list[tuple[int, int, int, int]]:
    """Beads (i0, i1, j0, j1), half-open ranges, covering all of [0, n) x [0, m) in order."""
    if band is None or (n + 1) * (m + 1) <= WHOLE_CELLS:
        return _best_path_whole(n, m, score, types, band)
    lo, hi = band
    neg = -np.inf
    rows_d: list[np.ndarray] = []
    rows_t: list[np.ndarray] = []
    has_01 = (0, 1) in types
    for i in range(n + 1):
        js = np.arange(lo[i], hi[i] + 1)
        d = np.full(len(js), neg)
        t = np.full(len(js), -1, dtype=np.int16)
        if i == 0:
            d[js == 0] = 0.0
        for k, (a, b) in enumerate(types):
            if a == 0 or a > i:
                continue
            prev_d = rows_d[i - a]
            plo, phi = lo[i - a], hi[i - a]
            src = js - b
            ok = (src >= plo) & (src <= phi)
            if not ok.any():
                continue
            cand = np.full(len(js), neg)
            base = prev_d[src[ok] - plo]
            live = np.isfinite(base)
            if not live.any():
                continue
            sel = np.flatnonzero(ok)[live]
            cand[sel] = base[live] + score(a, b, i, js[sel])
            better = cand > d
            d[better] = cand[better]
            t[better] = k
        if has_01 and len(js) > 1:
            _chain_skips(d, t, score(0, 1, i, js[1:]), list(types).index((0, 1)))
        rows_d.append(d)
        rows_t.append(t)
    if not np.isfinite(rows_d[n][m - lo[n]]):
        raise ValueError("no alignment path inside the band")
    return _trace(n, m, lambda i, j: int(rows_t[i][j - lo[i]]), types)


def _best_path_whole(n: int, m: int, score: ScoreFn, types: Sequence[tuple[int, int]],
                     band: tuple[np.ndarray, np.ndarray] | None) -> list[tuple[int, int, int, int]]:
    """best_path on whole (n+1) x (m+1) arrays, -inf outside the band: slices where the row-by-row
    version needs masks (most calls are a paragraph bead's few sentences, where the numpy calls
    per row are the cost)."""
    lo, hi = band if band is not None else full_band(n, m)
    d = np.full((n + 1, m + 1), -np.inf)
    t = np.full((n + 1, m + 1), -1, dtype=np.int16)
    d[0, 0] = 0.0
    js = np.arange(m + 1)
    k01 = list(types).index((0, 1)) if (0, 1) in types else -1
    for i in range(n + 1):
        first, last = int(lo[i]), int(hi[i]) + 1  # this row's cells: [first, last)
        row, back = d[i], t[i]
        for k, (a, b) in enumerate(types):
            start = max(first, b)
            if a == 0 or a > i or start >= last:
                continue
            cand = d[i - a, start - b : last - b] + score(a, b, i, js[start:last])
            better = cand > row[start:last]
            row[start:last][better] = cand[better]
            back[start:last][better] = k
        if k01 >= 0 and last - first > 1:
            _chain_skips(row[first:last], back[first:last], score(0, 1, i, js[first + 1 : last]), k01)
    if not np.isfinite(d[n, m]):
        raise ValueError("no alignment path inside the band")
    return _trace(n, m, lambda i, j: int(t[i, j]), types)


def _chain_skips(cells: np.ndarray, back: np.ndarray, skips: np.ndarray, k01: int) -> None:
    """0-1 beads chain along a row: cells[j] = max(cells[j], cells[j-1] + skips[j-1]), as a prefix
    max; in place, with the back-pointers of the cells it improves."""
    s = np.zeros(len(cells))
    np.cumsum(skips, out=s[1:])
    vals = cells - s
    run = np.maximum.accumulate(vals)
    improved = (run > vals) & np.isfinite(run)
    cells[improved] = run[improved] + s[improved]
    back[improved] = k01


def _trace(n: int, m: int, back: Callable[[int, int], int], types: Sequence[tuple[int, int]]
           ) -> list[tuple[int, int, int, int]]:
    path = []
    i, j = n, m
    types = list(types)
    while i > 0 or j > 0:
        k = back(i, j)
        if k < 0:
            raise ValueError("broken back-pointer in alignment")
        a, b = types[k]
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path
