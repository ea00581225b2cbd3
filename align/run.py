"""`bitext run`: the main job on the bundled corpora and seed documents."""

from __future__ import annotations

import json
from pathlib import Path

from .corpora import list_pairs, list_seeds
from .docjson import document_to_dict
from .errors import InputError
from .files import write_text
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
            progress: bool = True) -> list[tuple]:
    """Segment every bundled document; returns one summary row per document."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError("output exists and is not a folder", out_dir)
    if out_dir.exists() and any(out_dir.iterdir()) and not force:
        raise InputError("output folder is not empty; use --force to replace its files", out_dir)
    jobs: list[tuple[str, str, Path]] = []
    for pair in list_pairs(corpora_dir):
        jobs.append((pair.name, "zh", pair.zh))
        jobs.append((pair.name, "en", pair.en))
    for seed in list_seeds(seeds_dir):
        jobs.append((f"seeds/{seed_name(seed)}", None, seed))
    if not jobs:
        raise InputError("no documents found (expected corpora/<name>/zh.* and en.*)", corpora_dir)
    rows = []
    with progress_bar(progress) as bar:
        task = bar.add_task("segmenting", total=len(jobs))
        for name, lang, path in jobs:
            doc = segment_file(path, lang)
            target = out_dir / name / f"{doc.lang}.structure.json"
            write_text(target, json.dumps(document_to_dict(doc), ensure_ascii=False, indent=1) + "\n",
                       force=True)
            paragraphs = sum(1 for b in doc.blocks if b.kind == "paragraph")
            rows.append((name, doc.lang, paragraphs, len(doc.blocks), target))
            bar.advance(task)
    return rows
