"""alignment.jsonl: the pivot file every step after alignment reads.

Line 1 is a header object (`"type": "header"`); every further line is one bead
(`"type": "bead"`). The schema is documented in README.md ("alignment.jsonl").
"""

from __future__ import annotations

import json
from pathlib import Path

from align.errors import InputError
from align.files import atomic_open, check_input_file
from align.model import Alignment, Bead, Flag

FORMAT = "bitext-alignment"
FORMAT_VERSION = 1


def bead_to_dict(b: Bead) -> dict:
    return {
        "type": "bead",
        "id": b.id,
        "level": b.level,
        "zh": b.zh,
        "en": b.en,
        "zh_text": b.zh_text,
        "en_text": b.en_text,
        "score": round(float(b.score), 4),
        "flags": [{"code": f.code, "reason": f.reason} for f in b.flags],
        "parent": b.parent,
    }


def bead_from_dict(d: dict) -> Bead:
    """A bead from its JSON object; a field of the wrong kind is a ValueError naming it (hand-edited
    files are common: reviewers fix texts in an editor)."""
    level = d["level"]
    if level not in ("paragraph", "sentence"):
        raise ValueError(f"level {level!r} is neither 'paragraph' nor 'sentence'")
    ids = {side: d.get(side) or [] for side in ("zh", "en")}
    texts = {side: d.get(f"{side}_text") or "" for side in ("zh", "en")}
    for side in ("zh", "en"):
        if not isinstance(ids[side], list) or not all(isinstance(x, str) and x for x in ids[side]):
            raise ValueError(f"{side!r} must be a list of unit ids such as [\"p24\"]")
        if not isinstance(texts[side], str):
            raise ValueError(f"'{side}_text' must be a string")
        if ids[side] and not texts[side].strip():
            raise ValueError(f"'{side}_text' is empty but {side!r} names units {ids[side]}")
    score = d.get("score", 1.0)
    if isinstance(score, bool) or not isinstance(score, int | float) or not 0.0 <= score <= 1.0:
        raise ValueError(f"score {score!r} is not a number between 0 and 1")
    flags = d.get("flags") or []
    if not isinstance(flags, list) or not all(isinstance(f, dict) and isinstance(f.get("code"), str) for f in flags):
        raise ValueError('flags must be a list of {"code", "reason"} objects')
    parent = d.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise ValueError("parent must be a bead id or null")
    return Bead(
        id=str(d["id"]),
        level=level,
        zh=list(ids["zh"]),
        en=list(ids["en"]),
        zh_text=texts["zh"],
        en_text=texts["en"],
        score=float(score),
        flags=[Flag(f["code"], str(f.get("reason", ""))) for f in flags],
        parent=parent,
    )


def write_alignment(alignment: Alignment, path: str | Path, force: bool = False) -> Path:
    header = {"type": "header", "format": FORMAT, "format_version": FORMAT_VERSION}
    header.update({k: v for k, v in alignment.header.items() if k not in header})
    with atomic_open(path, "w", force=force) as f:
        f.write(json.dumps(header, ensure_ascii=False) + "\n")
        for b in alignment.beads:
            f.write(json.dumps(bead_to_dict(b), ensure_ascii=False) + "\n")
    return Path(path)


def read_alignment(path: str | Path) -> Alignment:
    p = check_input_file(path)
    header: dict | None = None
    beads: list[Bead] = []
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError("not an alignment.jsonl file (not UTF-8 text)", p) from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"line {n} is not valid JSON ({e.msg})", p) from None
        if not isinstance(obj, dict):
            raise InputError(f"line {n} is not a JSON object", p)
        if header is None:
            if obj.get("type") != "header" or obj.get("format") != FORMAT:
                raise InputError("not an alignment.jsonl file (first line is not its header)", p)
            if obj.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
                raise InputError(f"alignment format version {obj.get('format_version')!r}; this bitext reads "
                                 f"version {FORMAT_VERSION} (upgrade bitext)", p)
            header = obj
            continue
        if obj.get("type") != "bead":
            raise InputError(f"line {n}: expected a bead, found type {obj.get('type')!r}", p)
        try:
            beads.append(bead_from_dict(obj))
        except (KeyError, TypeError, ValueError) as e:
            what = f"missing field {e}" if isinstance(e, KeyError) else str(e)
            raise InputError(f"line {n}: bad bead ({what})", p) from None
    if header is None:
        raise InputError("not an alignment.jsonl file (no header line)", p)
    meta = {k: v for k, v in header.items() if k not in ("type",)}
    return Alignment(header=meta, beads=beads)
