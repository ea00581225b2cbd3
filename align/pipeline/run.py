"""`bitext run`: the main job on the bundled corpora and seed documents."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from align.aligner.encoders import get_encoder
from align.documents.docjson import document_to_dict
from align.documents.segment import segment_file
from align.errors import InputError
from align.files import write_text
from align.formats.jsonl import write_alignment
from align.formats.tmx import write_tmx
from align.pipeline.corpora import incomplete_pairs, list_documents, list_line_pairs, list_pairs, list_seeds
from align.pipeline.pair import align_and_check, write_outputs
from align.progress import progress_bar
from glossary.annotate import annotate
from glossary.annotate import to_html as annotate_html
from glossary.build import build, staged
from glossary.export import write_csv, write_tbx
from glossary.inputs import line_pairs_alignment
from glossary.model import MIN_SCORE
from glossary.reference import UNBIS_SOURCE, read_unbis
from glossary.store import Store


def seed_name(path: Path) -> str:
    """seeds/E_CN.7_2012_2.zh.txt -> E_CN.7_2012_2"""
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    for lang in (".zh", ".en"):
        if name.endswith(lang):
            name = name[: -len(lang)]
    return name


def run_all(corpora_dir: Path, seeds_dir: Path, out_dir: Path, force: bool = False,
            progress: bool = True, encoder: str = "usem3", ocr: str = "off") -> list[tuple]:
    """Segment every bundled document and align every bundled pair; one summary row
    (folder, documents, what was made) per output folder. `ocr`: which PDF pages are read by OCR."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output exists and is not a folder", out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise InputError("output folder is not empty; use --force to replace its files", out_dir)
    pairs = list_pairs(corpora_dir)
    seeds = list_seeds(seeds_dir)
    documents = list_documents(corpora_dir)
    if not pairs and not seeds and not documents:
        raise InputError("no documents found (expected corpora/<name>/zh.* and en.*)", corpora_dir)
    line_pairs = list_line_pairs(corpora_dir)
    enc = get_encoder(encoder)
    rows = []
    alignments: list[Path] = []  # what the glossary is learnt from
    with progress_bar(progress) as bar:
        task = bar.add_task("working", total=len(pairs) + len(line_pairs) + 1 + len(seeds) + len(documents))
        for pair in pairs:
            bar.update(task, description=f"aligning {pair.name}")
            docs = {}
            for lang, path in (("zh", pair.zh), ("en", pair.en)):
                docs[lang] = segment_file(path, lang, ocr=ocr)
                _write_structure(docs[lang], out_dir / pair.name)
            alignment = align_and_check(docs["zh"], docs["en"], enc)
            outputs = write_outputs(alignment, out_dir / pair.name, force=True)
            alignments.append(outputs[0])
            flagged = sum(1 for b in alignment.beads if b.flags)
            rows.append((pair.name, f"{_summary(docs['zh'])}, {_summary(docs['en'])}",
                         f"{len(alignment.paragraph_beads())} paragraph / {len(alignment.sentence_beads())} "
                         f"sentence beads, {flagged} flagged; {', '.join(p.name for p in outputs)}"))
            bar.advance(task)
        for name, zh, en in line_pairs:  # already aligned line by line: a translation memory and glossary input
            bar.update(task, description=f"reading {name}")
            alignment = line_pairs_alignment(zh, en, name)
            alignments.append(write_alignment(alignment, out_dir / name / "alignment.jsonl", force=True))
            write_tmx(alignment, out_dir / name / "alignment.tmx", force=True)
            rows.append((name, f"{len(alignment.beads)} sentence pairs", "alignment.jsonl, alignment.tmx"))
            bar.advance(task)
        glossary = None
        if alignments:
            bar.update(task, description="building the glossary")
            glossary = _glossary(alignments, out_dir / "glossary", rows)
        bar.advance(task)
        for seed in seeds:
            doc = segment_file(seed, ocr=ocr)
            name = seed_name(seed)
            folder = out_dir / "seeds" / name
            _write_structure(doc, folder)
            made = "structure"
            if glossary is not None:  # what a translator of the seed reads before translating it
                with Store.open(glossary) as store:
                    found = annotate(store, seed)
                write_text(folder / "terms.html", annotate_html(found), force=True)
                made += f", terms.html ({len(found.findings)} glossary terms)"
            rows.append((f"seeds/{name}", _summary(doc), f"{made}; English original not included"))
            bar.advance(task)
        for name, path in documents:  # UN PDFs without a Chinese version: structure only
            bar.update(task, description=f"reading {name}")
            doc = segment_file(path, ocr=ocr)
            folder = out_dir / name
            _write_structure(doc, folder)
            rows.append((name, _summary(doc), "structure only: no Chinese version"))
            bar.advance(task)
    rows.extend((name, "-", f"skipped: {missing}") for name, missing in incomplete_pairs(corpora_dir))
    return rows


def _glossary(alignments: list[Path], folder: Path, rows: list[tuple]) -> Path:
    """Learn the glossary from every alignment made above, with the UNBIS Thesaurus as reference:
    glossary.sqlite (query it with `bitext glossary query`), glossary.tbx and glossary.csv. What a
    terminologist put into the glossary a previous run left here (statuses, notes, imported
    termbases) is carried over into the new one. Everything is made beside the old files and
    replaces them only when complete, so an interrupted run (Ctrl-C, SIGTERM) leaves them as they
    were. Returns the database's path."""
    db = folder / "glossary.sqlite"
    fresh = folder / f".glossary.{os.getpid()}.new.sqlite"
    fresh.unlink(missing_ok=True)
    with staged(db) as work:  # holds the old glossary's copy (if any): replaced by the new one at the end
        try:
            report = build(alignments, fresh)
            with Store.open(fresh) as store, store.conn:
                store.import_entries(read_unbis().entries, UNBIS_SOURCE, "candidate")
                if db.exists():
                    with Store.open(work) as old:
                        carried = store.carry_over(old)
                else:
                    carried = None
            with Store.open(fresh) as store:
                entries = store.exportable(MIN_SCORE)
                for e in entries:
                    e.contexts = store.contexts(e.id, 2)
                unbis = store.conn.execute("SELECT count(*) FROM entries WHERE source LIKE ?",
                                           (f"%{UNBIS_SOURCE}%",)).fetchone()[0]
            tbx, csv = folder / "glossary.tbx", folder / "glossary.csv"
            with _replacing(tbx) as new_tbx, _replacing(csv) as new_csv:
                write_tbx(entries, new_tbx, force=True, title="bitext glossary of the bundled corpora",
                          description=f"approved and imported entries and candidates scoring at least {MIN_SCORE:g}")
                write_csv(entries, new_csv, force=True)
                os.replace(fresh, work)
        finally:
            fresh.unlink(missing_ok=True)
    kept = f"; kept {carried.curated} curated and {carried.imported} imported entries" if carried and (
        carried.curated or carried.imported) else ""
    rows.append(("glossary", f"{report.units} aligned units", f"{report.entries} entries learnt, {unbis} from the "
                 f"{UNBIS_SOURCE}{kept}; glossary.sqlite, glossary.tbx, glossary.csv"))
    return db


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A path beside `target` to write to, renamed onto it when the block completes (with the
    glossary it goes with), removed otherwise."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.new")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _write_structure(doc, folder: Path) -> Path:
    target = folder / f"{doc.lang}.structure.json"
    write_text(target, json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n", force=True)
    return target


def _summary(doc) -> str:
    paragraphs = sum(1 for b in doc.blocks if b.kind == "paragraph")
    return f"{doc.lang} {len(doc.blocks)} blocks ({paragraphs} paragraphs)"
