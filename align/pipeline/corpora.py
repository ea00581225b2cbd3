"""The document pairs that ship with the project, and where to find them.

Layout: `corpora/<name>/zh.<ext>`, `en.<ext>`, `PROVENANCE.md`, and `gold.tsv` where a gold
alignment exists (columns zh, en, type; comma-separated 0-based block indices). The seed report
(Chinese only) lives in `seeds/`; UN documents without a Chinese version (PDFs as distributed) in
`corpora/un_documents/<symbol>/`; line-aligned sentence pairs (the UN Parallel Corpus development
set) as `corpora/unpc_devset/UNv1.0.devset.zh` and `.en`.
"""

from __future__ import annotations

from pathlib import Path

from align.errors import InputError
from align.formats.gold import CorpusPair

REPO_ROOT = Path(__file__).resolve().parents[2]
DOC_SUFFIXES = (".txt", ".docx", ".pdf")


def default_corpora_dir() -> Path:
    here = Path.cwd() / "corpora"
    return here if here.is_dir() else REPO_ROOT / "corpora"


def default_seeds_dir() -> Path:
    here = Path.cwd() / "seeds"
    return here if here.is_dir() else REPO_ROOT / "seeds"


def _one(folder: Path, lang: str) -> Path | None:
    for suffix in DOC_SUFFIXES:
        p = folder / f"{lang}{suffix}"
        if p.exists():
            return p
    return None


def list_pairs(corpora_dir: Path) -> list[CorpusPair]:
    if not corpora_dir.is_dir():
        raise InputError("corpora folder not found", corpora_dir)
    pairs = []
    for folder in sorted(p for p in corpora_dir.iterdir() if p.is_dir()):
        zh, en = _one(folder, "zh"), _one(folder, "en")
        if zh and en:
            gold = folder / "gold.tsv"
            pairs.append(CorpusPair(folder.name, zh, en, gold if gold.exists() else None))
    return pairs


def list_documents(corpora_dir: Path) -> list[tuple[str, Path]]:
    """Single documents without a Chinese version, one folder each, in a corpus folder that holds
    no pair (corpora/un_documents/E_2025_8/E_2025_8.en.pdf): (name, path) for `bitext run`."""
    if not corpora_dir.is_dir():
        return []
    out = []
    for folder in sorted(p for p in corpora_dir.iterdir() if p.is_dir()):
        if _one(folder, "zh") and _one(folder, "en"):
            continue
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            out.extend((f"{folder.name}/{sub.name}", f) for f in sorted(sub.iterdir())
                       if f.suffix in DOC_SUFFIXES and f.is_file())
    return out


def incomplete_pairs(corpora_dir: Path) -> list[tuple[str, str]]:
    """Corpus folders with a Chinese or an English document but not both: (name, what is missing)."""
    if not corpora_dir.is_dir():
        return []
    out = []
    for folder in sorted(p for p in corpora_dir.iterdir() if p.is_dir()):
        zh, en = _one(folder, "zh"), _one(folder, "en")
        if bool(zh) != bool(en):
            out.append((folder.name, "no English document (en.txt, en.docx or en.pdf)" if zh else
                        "no Chinese document (zh.txt, zh.docx or zh.pdf)"))
    return out


def list_line_pairs(corpora_dir: Path) -> list[tuple[str, Path, Path]]:
    """Line-aligned sentence pairs (line i of NAME.zh translates line i of NAME.en), such as the UN
    Parallel Corpus development set in corpora/unpc_devset/: (folder name, zh file, en file)."""
    if not corpora_dir.is_dir():
        return []
    out = []
    for folder in sorted(p for p in corpora_dir.iterdir() if p.is_dir()):
        for zh in sorted(folder.glob("*.zh")):
            en = zh.with_suffix(".en")
            if en.is_file():
                out.append((folder.name, zh, en))
    return out


def list_seeds(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        return []
    return sorted(p for p in seeds_dir.iterdir() if p.suffix in DOC_SUFFIXES and p.is_file())
