"""A Document as JSON (what `bitext segment --json` prints), and back."""

from __future__ import annotations

from typing import Any

from align.model import Block, Document, Sentence, TocEntry


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "lang": doc.lang,
        "source": doc.source,
        "meta": doc.meta,
        "toc": [{"label": t.label, "title": t.title, "page": t.page} for t in doc.toc],
        "blocks": [
            {
                "id": b.id,
                "kind": b.kind,
                "level": b.level,
                "number": b.number,
                "label": b.label,
                "part": b.part,
                "text": b.text,
                "footnotes": b.footnotes,
                "sentences": [{"id": s.id, "text": s.text} for s in b.sentences],
                **({"ocr": True} if b.ocr else {}),
            }
            for b in doc.blocks
        ],
        "footnotes": {str(k): v for k, v in doc.footnotes.items()},
    }


def document_from_dict(d: dict[str, Any]) -> Document:
    return Document(
        lang=d["lang"],
        source=d.get("source"),
        meta=d.get("meta") or {},
        toc=[TocEntry(t.get("label"), t["title"], t.get("page")) for t in d.get("toc") or []],
        blocks=[
            Block(
                id=b["id"], kind=b["kind"], text=b["text"], level=b.get("level", 0),
                number=b.get("number"), label=b.get("label"), part=b.get("part", "body"),
                footnotes=list(b.get("footnotes") or []),
                sentences=[Sentence(s["id"], s["text"]) for s in b.get("sentences") or []],
                ocr=bool(b.get("ocr")),
            )
            for b in d["blocks"]
        ],
        footnotes={int(k): v for k, v in (d.get("footnotes") or {}).items()},
    )
