"""alignment.jsonl: the pivot file every step after alignment reads.

Line 1 is a header object (`"type": "header"`); every further line is one bead
(`"type": "bead"`). The schema is documented in README.md ("alignment.jsonl").
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import InputError
from .files import atomic_open, check_input_file
from .model import Alignment, Bead, Flag

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
    return Bead(
        id=str(d["id"]),
        level=d["level"],
        zh=[str(x) for x in d.get("zh") or []],
        en=[str(x) for x in d.get("en") or []],
        zh_text=d.get("zh_text") or "",
        en_text=d.get("en_text") or "",
        score=float(d.get("score", 1.0)),
        flags=[Flag(f["code"], f.get("reason", "")) for f in d.get("flags") or []],
        parent=d.get("parent"),
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
            header = obj
            continue
        if obj.get("type") != "bead":
            raise InputError(f"line {n}: expected a bead, found type {obj.get('type')!r}", p)
        try:
            beads.append(bead_from_dict(obj))
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(f"line {n}: bead is missing or has a bad field ({e})", p) from None
    if header is None:
        raise InputError("not an alignment.jsonl file (no header line)", p)
    meta = {k: v for k, v in header.items() if k not in ("type",)}
    return Alignment(header=meta, beads=beads)
