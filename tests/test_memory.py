"""Memory stays flat when one process aligns pair after pair (a batch worker, a Python user).

Fifty different pairs from the UNPC devset, alternately as documents (`align_files`: segmentation,
alignment, checks, TMX and report written) and as one sentence per line (`align_presplit`), with an
empty embedding cache: the resident memory after the 50th call is within 10% of that after the 5th.
The process has first aligned a long pair: a process reads its dictionaries (jieba's, CC-CEDICT,
the encoder's vocabulary) in part for its first few thousand characters and then loads them whole,
a one-time step that is not what this test is about."""

from __future__ import annotations

import gc
import os

import pytest
from conftest import CORPORA

from align.pipeline.pair import align_files, align_presplit

pytestmark = pytest.mark.slow


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def test_memory_flat_over_fifty_pairs(tmp_path, monkeypatch):
    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path / "cache"))
    zh = (CORPORA / "unpc_devset" / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (CORPORA / "unpc_devset" / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    (tmp_path / "long.zh.txt").write_text("\n".join(zh[:1200]) + "\n", encoding="utf-8")
    (tmp_path / "long.en.txt").write_text("\n".join(en[:1200]) + "\n", encoding="utf-8")
    align_presplit(tmp_path / "long.zh.txt", tmp_path / "long.en.txt", None)
    rss = {}
    for call in range(1, 51):
        lines = slice(1200 + call * 24, 1224 + call * 24)  # a different pair every call
        z, e = tmp_path / f"{call}.zh.txt", tmp_path / f"{call}.en.txt"
        if call % 2:
            # Documents: numbered paragraphs of three sentences.
            for path, sents, sep in ((z, zh[lines], ""), (e, en[lines], " ")):
                paras = [f"{k // 3 + 1}. " + sep.join(sents[k : k + 3]) for k in range(0, len(sents), 3)]
                path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
            result = align_files(z, e, tmp_path / f"out{call}", progress=False)
            assert len(result.alignment.paragraph_beads()) >= 6
        else:
            z.write_text("\n".join(zh[lines]) + "\n", encoding="utf-8")
            e.write_text("\n".join(en[lines]) + "\n", encoding="utf-8")
            assert align_presplit(z, e, None).count("\n") >= 20
        if call in (5, 50):
            gc.collect()
            rss[call] = rss_mb()
    assert rss[50] <= 1.10 * rss[5], f"resident memory grew from {rss[5]:.0f} MB to {rss[50]:.0f} MB"
