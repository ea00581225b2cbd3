"""The glossary built map-reduce (glossary.counts + build.build_mapped, what `bitext batch` does):
counts taken per input, merged, then termhood and pairing once over everything. It must be the
glossary `glossary.build.build` makes from the same inputs in one go: the same entries, English,
variants, counts, scores and contexts."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest
from conftest import CORPORA, glossary_rows

from align.formats.gold import gold_alignment
from align.formats.jsonl import write_alignment
from align.pipeline.corpora import list_pairs
from glossary.build import build, build_mapped
from glossary.counts import COUNTS_FILE, read_header, write_counts
from glossary.inputs import line_pairs_alignment, read_input, units_of
from glossary.pairing import Settings
from glossary.store import Store

SETTINGS = Settings(embeddings=False)
DEVSET = CORPORA / "unpc_devset"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    """The bundled pairs (gold alignments of the UDHR and the UN Charter) and two slices of the UNPC
    devset as two documents, so that candidates rare in each input are frequent over all of them."""
    folder = tmp_path_factory.mktemp("inputs")
    paths = [write_alignment(gold_alignment(pair), folder / f"{pair.name}.alignment.jsonl")
             for pair in list_pairs(CORPORA)]
    zh = (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    en = (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    for n, (start, end) in enumerate(((0, 500), (500, 1100)), 1):
        (folder / f"dev{n}.zh").write_text("\n".join(zh[start:end]) + "\n", encoding="utf-8")
        (folder / f"dev{n}.en").write_text("\n".join(en[start:end]) + "\n", encoding="utf-8")
        alignment = line_pairs_alignment(folder / f"dev{n}.zh", folder / f"dev{n}.en", f"A/DEV/{n}")
        paths.append(write_alignment(alignment, folder / f"dev{n}.alignment.jsonl"))
    return paths


def counts_of(path: Path) -> Path:
    """What a batch worker leaves beside a pair's alignment.jsonl."""
    return write_counts(units_of(read_input(path)), path.with_name(path.name + "." + COUNTS_FILE))


@pytest.fixture(scope="module")
def counts(inputs) -> list[Path]:
    return [counts_of(p) for p in inputs]


def test_counts_merged_give_the_glossary_built_in_one_go(inputs, counts, tmp_path):
    build(inputs, tmp_path / "one_go.sqlite", SETTINGS)
    report = build_mapped(inputs, counts, tmp_path / "mapped.sqlite", SETTINGS)
    one_go, mapped = glossary_rows(tmp_path / "one_go.sqlite"), glossary_rows(tmp_path / "mapped.sqlite")
    assert len(one_go["entries"]) > 500 and report.entries == len(one_go["entries"])
    for table in one_go:
        assert mapped[table] == one_go[table], table
    # Names seen in one pair (glossary.rare) are among them: their pass reads the units again.
    assert sum(1 for row in one_go["entries"] if row[4] == 1) >= 5
    # The merge matters: entries whose contexts come from both devset slices, found in neither alone.
    with Store.open(tmp_path / "mapped.sqlite") as store:
        both = [e for e in store.entries() if {c.document for c in store.contexts(e.id)} >= {"A/DEV/1", "A/DEV/2"}]
    assert len(both) > 50
    build_mapped(inputs[-2:-1], counts[-2:-1], tmp_path / "dev1.sqlite", SETTINGS)
    alone = {row[1:3] for row in glossary_rows(tmp_path / "dev1.sqlite")["entries"]}
    assert not {(e.zh, e.en) for e in both} <= alone


def test_rebuild_keeps_curation_and_counts_what_has_no_counts(inputs, counts, tmp_path):
    """A glossary that already holds inputs and a terminologist's decision, an input whose counts
    are missing, one whose counts file is of another version, and one whose units the glossary
    partly holds already (so its counts file does not describe what is stored): the same glossary
    as a build in one go."""
    start = tmp_path / "start.sqlite"
    build(inputs[:1], start, SETTINGS)
    with Store.open(start) as store:
        first = store.entries(top=1)[0]
        store.set_status(first.id, "approved")
        store.set_note(first.id, "checked")
    # dev1 again with ten more lines: a new input whose first 500 units the glossary already holds
    more = tmp_path / "dev1_more.alignment.jsonl"
    dev1 = read_input(inputs[2])
    extra = line_pairs_alignment(DEVSET / "UNv1.0.devset.zh", DEVSET / "UNv1.0.devset.en", "A/DEV/1")
    dev1.beads += [b for b in extra.beads[2000:2010]]
    write_alignment(dev1, more)
    stale = tmp_path / "stale.gz"
    shutil.copy(counts[1], stale)
    with gzip.open(stale, "rt", encoding="utf-8") as f:
        lines = f.readlines()
    header = json.loads(lines[0])
    lines[0] = json.dumps({**header, "version": header["version"] + 1}) + "\n"
    with gzip.open(stale, "wt", encoding="utf-8") as f:
        f.writelines(lines)
    assert read_header(stale) is None
    given = [*inputs, more]
    shutil.copy(start, tmp_path / "one_go.sqlite")
    shutil.copy(start, tmp_path / "mapped.sqlite")
    build(given, tmp_path / "one_go.sqlite", SETTINGS)
    report = build_mapped(given, [stale, counts[2], counts[3], counts_of(more)], tmp_path / "mapped.sqlite", SETTINGS,
                          jobs=2)  # the linking in two processes, too
    assert report.skipped_inputs == [str(inputs[0])] and report.skipped_units == 500
    one_go, mapped = glossary_rows(tmp_path / "one_go.sqlite"), glossary_rows(tmp_path / "mapped.sqlite")
    for table in one_go:
        assert mapped[table] == one_go[table], table
    with Store.open(tmp_path / "mapped.sqlite") as store:
        again = store.get(first.id)
        assert (again.zh, again.en, again.status, again.note) == (first.zh, first.en, "approved", "checked")
    assert not list(tmp_path.glob("*.counts"))  # the counts taken during the build are gone


def test_counts_header_says_what_it_counted(inputs, counts):
    header = read_header(counts[0])
    assert header["units"] == len(units_of(read_input(inputs[0])))
    assert read_header(inputs[0]) is None  # not a counts file
