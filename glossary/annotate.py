"""The glossary's terms in a new document, before it is translated.

The document is segmented like any other (`align.documents.segment`), so every find carries the UN paragraph
id it was found in. Chinese text is matched longest-first on characters, English on word keys
(case and plural folded, as the glossary counts them). Rejected entries are never proposed.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from align.documents.segment import segment_file
from align.script import fold
from glossary.candidates import en as candidates_en
from glossary.model import MIN_SCORE, Entry
from glossary.store import Store, normalise


@dataclass
class Finding:
    term: str  # as the glossary has it
    lang: str
    entries: list[Entry]  # proposed equivalents come from these, best first
    count: int = 0
    paragraphs: list[str] = field(default_factory=list)
    surfaces: set[str] = field(default_factory=set)  # as written in the document

    def suggestions(self) -> list[str]:
        """The other language's terms, best entry first, no repeats."""
        out: list[str] = []
        for e in self.entries:
            for t in e.terms("en" if self.lang == "zh" else "zh"):
                if t not in out:
                    out.append(t)
        return out


@dataclass
class Annotation:
    source: str
    lang: str
    symbol: str | None
    findings: list[Finding]
    blocks: list[tuple[str, str]]  # (block id, text) for the HTML view


def _glossary_terms(store: Store, lang: str, min_score: float) -> dict[str, list[int]]:
    """normalised term (for English: word key) -> ids of the entries that have it, best first."""
    rows = store.conn.execute(
        "SELECT t.norm, t.text, t.entry_id FROM terms t JOIN entries e ON e.id = t.entry_id "
        "WHERE t.lang = ? AND e.status != 'rejected' AND (e.status = 'approved' OR e.score >= ?) "
        "ORDER BY e.status = 'approved' DESC, e.score DESC", (lang, min_score))
    out: dict[str, list[int]] = {}
    for norm, text, entry_id in rows:
        k = fold(norm) if lang == "zh" else candidates_en.key(candidates_en.tokens(text))
        ids = out.setdefault(k, [])
        if entry_id not in ids:
            ids.append(entry_id)
    return out


def _find_zh(text: str, terms: dict[str, list[int]], max_len: int) -> list[tuple[str, str]]:
    norm = fold(normalise(text))  # a term matches in either script; the surface is the document's own
    found = []
    i = 0
    while i < len(norm):
        for n in range(min(max_len, len(norm) - i), 1, -1):
            piece = norm[i : i + n]
            if piece in terms:
                found.append((piece, text[i : i + n] if len(text) == len(norm) else piece))
                i += n
                break
        else:
            i += 1
    return found


def _find_en(text: str, terms: dict[str, list[int]], max_len: int) -> list[tuple[str, str]]:
    toks = candidates_en.tokens(text)
    found = []
    i = 0
    while i < len(toks):
        for n in range(min(max_len, len(toks) - i), 0, -1):
            k = candidates_en.key(toks[i : i + n])
            if k in terms:
                found.append((k, " ".join(toks[i : i + n])))
                i += n
                break
        else:
            i += 1
    return found


def annotate(store: Store, path: str | Path, lang: str | None = None, min_score: float = MIN_SCORE) -> Annotation:
    """Known glossary terms in the document at `path`, in order of first appearance."""
    doc = segment_file(path, lang)
    terms = _glossary_terms(store, doc.lang, min_score)
    max_len = max((len(k) if doc.lang == "zh" else len(k.split()) for k in terms), default=0)
    finder = _find_zh if doc.lang == "zh" else _find_en
    findings: dict[str, Finding] = {}
    blocks = []
    for block in doc.blocks:
        blocks.append((block.id, block.text))
        for k, surface in finder(block.text, terms, max_len):
            f = findings.get(k)
            if f is None:
                f = findings[k] = Finding(term=k, lang=doc.lang, entries=[])
                f.entries = store.load(terms[k])
                main = f.entries[0].terms(doc.lang)
                f.term = next((t for t in main if fold(normalise(t)) == k or candidates_en.key(t.split()) == k),
                              surface)
            f.count += 1
            f.surfaces.add(surface)
            if block.id not in f.paragraphs:
                f.paragraphs.append(block.id)
    ordered = sorted(findings.values(), key=lambda f: f.entries[0].kind == "concept")  # stable: names first
    return Annotation(str(path), doc.lang, doc.symbol, ordered, blocks)


def to_html(a: Annotation) -> str:
    """A page a translator can keep open: the document with its glossary terms marked (the
    proposed equivalents in a tooltip), and the list of terms."""
    esc = html.escape
    by_surface = sorted({s: f for f in a.findings for s in f.surfaces}.items(), key=lambda kv: -len(kv[0]))
    rows = []
    for f in a.findings:
        rows.append(f"<tr><td>{esc(f.term)}</td><td>{esc('; '.join(f.suggestions()))}</td>"
                    f"<td>{esc(f.entries[0].kind)}</td><td class=n>{f.count}</td>"
                    f"<td>{', '.join(f'<a href=#{esc(b)}>{esc(b)}</a>' for b in f.paragraphs)}</td></tr>")
    body = []
    for block_id, text in a.blocks:
        marked = _mark(text, by_surface)
        body.append(f"<p id='{esc(block_id)}'><span class=id>{esc(block_id)}</span> {marked}</p>")
    title = esc(a.symbol or Path(a.source).name)
    return f"""<!DOCTYPE html>
<html lang="{a.lang}"><head><meta charset="utf-8"><title>Glossary terms in {title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em auto; max-width: 60em; line-height: 1.6; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }} td, th {{ border-bottom: 1px solid #ddd;
padding: .2em .6em; text-align: left; vertical-align: top; }} td.n {{ text-align: right; }}
td:first-child {{ white-space: nowrap; }} mark {{ background: #fff2a8; }}
.id {{ color: #888; font-size: .8em; margin-right: .5em; }}
</style></head><body>
<h1>Glossary terms in {title}</h1>
<p>{len(a.findings)} terms found. Hover a marked term for the equivalents the glossary proposes.</p>
<table><tr><th>term</th><th>proposed</th><th>kind</th><th>count</th><th>paragraphs</th></tr>
{chr(10).join(rows)}
</table>
{chr(10).join(body)}
</body></html>
"""


def _mark(text: str, by_surface: list) -> str:
    """Escape `text` and wrap glossary terms (longest first) in <mark title="equivalents">."""
    if not by_surface:
        return html.escape(text)
    finding = dict(by_surface)
    pattern = re.compile("|".join(re.escape(s) for s, _ in by_surface if s))
    out, last = [], 0
    for m in pattern.finditer(text):
        tip = html.escape("; ".join(finding[m.group(0)].suggestions()))
        out.append(html.escape(text[last : m.start()]) + f"<mark title='{tip}'>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
