"""`bitext glossary ...`: build, query, curate, annotate and export a glossary of UN terms."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from align.cli.common import err, new_app, out
from align.errors import InputError
from glossary.model import KINDS, MIN_SCORE, STATUSES, Entry

# `bitext glossary import` without --source: the name a reference is known by
_UNBIS_SOURCE = "UNBIS Thesaurus"

glossary_app = new_app(
    """A bilingual glossary of UN institutional vocabulary, learnt from aligned documents and reference
termbases: build it, import TBX/CSV/UNBIS, look terms up, approve or reject them, find them in a new
document, export TBX/CSV/TSV. The database is glossary.sqlite in the current folder unless --db FILE
or $BITEXT_GLOSSARY names another.

\b
Examples:
  bitext glossary build out/udhr/alignment.jsonl --db un.sqlite
  bitext glossary import unbis --db un.sqlite
  bitext glossary query 安全理事会 --db bitext-output/glossary/glossary.sqlite
  bitext glossary lookup 国际海底管理局 --db bitext-output/glossary/glossary.sqlite
  bitext glossary export --format tbx -o un.tbx --db bitext-output/glossary/glossary.sqlite
"""
)

DB_OPTION = typer.Option(Path("glossary.sqlite"), "--db", envvar="BITEXT_GLOSSARY",
                         help="Glossary database (SQLite). Default: glossary.sqlite, or $BITEXT_GLOSSARY.")


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1) + "\n")


def _entry_dict(e: Entry, contexts: bool = True) -> dict:
    d = asdict(e)
    d.pop("units")
    if not contexts:
        d.pop("contexts")
    return d


def _print_table(table: Table) -> None:
    """Tables keep their rows on one line when the output goes to a file or a pipe."""
    if out.is_terminal:
        out.print(table)
    else:
        Console(highlight=False, width=250).print(table)


def _at_least(minimum: float, **options: float) -> None:
    """Refuse a count (or threshold) below `minimum` in one line, naming the option: a negative
    --limit would otherwise slice matches off the end and a negative --top or --contexts mean "all"."""
    for name, value in options.items():
        if not value >= minimum:  # also refuses nan
            raise InputError(f"--{name.replace('_', '-')} must be {minimum:g} or more, not {value:g}")


def _variants(e: Entry) -> str:
    return ", ".join(e.zh_variants + e.en_variants)


def _origin(e: Entry) -> str:
    """What the list and query tables show of where an entry comes from."""
    return e.source if e.source else ("corpus" if e.origin == "build" else "import")


@glossary_app.command()
def build(
    inputs: list[Path] = typer.Argument(..., help="alignment.jsonl or .tmx files."),
    db: Path = DB_OPTION,
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings",
                                    help="Let the sentence encoder settle close English candidates."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display."),
    as_json: bool = typer.Option(False, "--json", help="Print the build report as JSON."),
) -> None:
    """Add aligned documents to the glossary and (re)compute its entries. Building again with more
    inputs merges counts and contexts; statuses and notes are kept. A file already read, and an
    aligned pair already in the glossary for the same document (e.g. from the .tmx of an
    alignment.jsonl already added, or from a corrected alignment), are not counted again.

    \b
    Example: bitext glossary build out/alignment.jsonl more/alignment.jsonl --db un.sqlite
    """
    from glossary.build import build as run_build
    from glossary.pairing import Settings

    report = run_build(inputs, db, Settings(embeddings=embeddings), progress=not quiet)
    if as_json:
        d = asdict(report)
        d["db"] = str(report.db)
        _print_json(d)
        return
    for p in report.skipped_inputs:
        err.print(f"already in the glossary, not counted again: {p}")
    m = report.merge
    n = report.skipped_units
    skipped = f" ({n} unit{'s' if n != 1 else ''} already in the glossary skipped)" if n else ""
    out.print(f"{report.db}: {report.entries} entries from {report.units} aligned units "
              f"({m.added} new, {m.updated} updated, {m.removed} dropped, {m.kept} curated kept) "
              f"in {report.seconds:.1f} s{skipped}")


@glossary_app.command()
def query(
    term: str = typer.Argument(..., help="A Chinese or English term (language detected)."),
    db: Path = DB_OPTION,
    contexts: int = typer.Option(0, "--contexts", "-c",
                                 help="Show up to N aligned sentence pairs per entry (0: none)."),
    limit: int = typer.Option(20, "--limit", "-n", help="At most this many entries (1 or more)."),
    mode: list[str] = typer.Option(None, "--mode", help="exact, prefix, substring or fuzzy (repeatable; default all)."),
    as_json: bool = typer.Option(False, "--json", help="Print matches as JSON."),
) -> None:
    """Look a term up: exact, prefix, substring and fuzzy matches, best first.

    \b
    Example: bitext glossary query 安全理事会 --contexts 2 --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.query import MODES
    from glossary.query import query as run_query
    from glossary.store import Store

    _at_least(1, limit=limit)
    _at_least(0, contexts=contexts)
    modes = tuple(mode) if mode else MODES
    bad = [m for m in modes if m not in MODES]
    if bad:
        raise InputError(f"unknown mode {bad[0]!r}; use {', '.join(MODES)}")
    with Store.open(db) as store:
        matches = run_query(store, term, modes=modes, limit=limit, contexts=contexts)
    if as_json:
        _print_json([{"mode": m.mode, "matched": m.term, "similarity": round(m.similarity, 3),
                      "entry": _entry_dict(m.entry, contexts=False),
                      "contexts": [asdict(c) for c in m.contexts]} for m in matches])
        return
    if not matches:
        out.print(f"no entry matches {term!r}")
        return
    table = Table("id", "match", "zh", "en", "variants", "kind", "freq", "score", "status", "source", "note",
                  box=None, header_style="bold")
    for m in matches:
        e = m.entry
        table.add_row(str(e.id), m.mode, e.zh, e.en, _variants(e), e.kind, str(e.frequency), f"{e.score:.2f}",
                      e.status, _origin(e), e.note)
    _print_table(table)
    for m in matches:
        for c in m.contexts:
            out.print(f"  [{m.entry.id}] {c.document} {c.paragraph or ''}".rstrip())
            out.print(f"      zh: {c.zh}")
            out.print(f"      en: {c.en}")


@glossary_app.command("list")
def list_entries(
    db: Path = DB_OPTION,
    top: int = typer.Option(50, "--top", "-n", help="At most this many entries (0: all)."),
    kind: str | None = typer.Option(None, "--kind", help=f"Only this kind: {', '.join(KINDS)}."),
    status: str | None = typer.Option(None, "--status", help=f"Only this status: {', '.join(STATUSES)}."),
    imported: bool = typer.Option(False, "--imported", help="Only entries imported from reference termbases."),
    conflicts: bool = typer.Option(False, "--conflicts",
                                   help="Only Chinese terms that entries give different English for."),
    as_json: bool = typer.Option(False, "--json", help="Print entries as JSON."),
) -> None:
    """List entries by descending score, or the conflicts between them.

    \b
    Examples:
      bitext glossary list --top 20 --kind body --db bitext-output/glossary/glossary.sqlite
      bitext glossary list --conflicts --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.store import Store

    _at_least(0, top=top)
    with Store.open(db) as store:
        if conflicts:
            groups = store.conflicts()
            groups = groups[:top] if top else groups
            if as_json:
                _print_json([[_entry_dict(e, contexts=False) for e in g] for g in groups])
                return
            _print_conflicts(groups)
            return
        entries = store.entries(top or None, kind, status, origin="import" if imported else None)
    if as_json:
        _print_json([_entry_dict(e, contexts=False) for e in entries])
        return
    table = Table("id", "zh", "en", "variants", "kind", "freq", "score", "status", "source", "note",
                  box=None, header_style="bold")
    for e in entries:
        table.add_row(str(e.id), e.zh, e.en, _variants(e), e.kind, str(e.frequency), f"{e.score:.2f}", e.status,
                      _origin(e), e.note)
    _print_table(table)


def _print_conflicts(groups: list[list[Entry]]) -> None:
    if not groups:
        out.print("no conflicts: no Chinese term has two English equivalents")
        return
    table = Table("zh", "id", "en", "status", "source", "freq", "note", box=None, header_style="bold")
    for group in groups:
        for n, e in enumerate(group):
            table.add_row(e.zh if n == 0 else "", str(e.id), e.en, e.status, _origin(e), str(e.frequency), e.note)
    _print_table(table)
    out.print(f"{len(groups)} Chinese term{'s' if len(groups) != 1 else ''} with different English; approve the "
              "right one (bitext glossary approve ID) and reject the others")


def _set_status(db: Path, refs: list[str], status: str) -> None:
    from glossary.store import Store

    with Store.open(db) as store:
        ids = [store.resolve(r) for r in refs]
        for i in ids:
            store.set_status(i, status)
        for e in store.load(ids):
            out.print(f"{status}: [{e.id}] {e.zh} / {e.en}")


@glossary_app.command()
def approve(
    entries: list[str] = typer.Argument(..., help="Entry ids, or terms that name one entry each."),
    db: Path = DB_OPTION,
) -> None:
    """Mark entries as approved (kept through rebuilds).

    \b
    Example: bitext glossary approve 安全理事会 12 --db bitext-output/glossary/glossary.sqlite
    """
    _set_status(db, entries, "approved")


@glossary_app.command()
def reject(
    entries: list[str] = typer.Argument(..., help="Entry ids, or terms that name one entry each."),
    db: Path = DB_OPTION,
) -> None:
    """Mark entries as rejected: hidden from annotate and export, kept through rebuilds.

    \b
    Example: bitext glossary reject 57 --db bitext-output/glossary/glossary.sqlite
    """
    _set_status(db, entries, "rejected")


@glossary_app.command()
def note(
    entry: str = typer.Argument(..., help="Entry id, or a term that names one entry."),
    text: str = typer.Argument(..., help="The note (an empty string removes it)."),
    db: Path = DB_OPTION,
) -> None:
    """Attach a note to an entry (kept through rebuilds).

    \b
    Example: bitext glossary note 开发署 "UNDP after the first mention" --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.store import Store

    with Store.open(db) as store:
        entry_id = store.resolve(entry)
        store.set_note(entry_id, text)
        e = store.get(entry_id)
    out.print(f"noted: [{e.id}] {e.zh} / {e.en}: {e.note}")


@glossary_app.command("import")
def import_(
    file: str = typer.Argument(..., help="A TBX, CSV or TSV termbase, or 'unbis' for the UNBIS Thesaurus "
                                         "bitext ships."),
    db: Path = DB_OPTION,
    source: str | None = typer.Option(None, "--source", help="The reference's name, kept with every entry "
                                                              "(default: the file's name; 'UNBIS Thesaurus')."),
    status: str = typer.Option("candidate", "--status", help="approved (the reference wins over what the "
                                                              "corpus taught) or candidate."),
    as_json: bool = typer.Option(False, "--json", help="Print the import report as JSON."),
) -> None:
    """Import a reference termbase: TBX (TBX-Basic, TBX-Min, TBX v3; UNTERM, SDL MultiTerm and memoQ
    exports), CSV or TSV with a header naming zh and en (and optionally variants, note, kind), or
    the UNBIS Thesaurus. Each entry keeps the reference's name as its source; an entry the glossary
    already has is completed, never duplicated, so importing the same file again changes nothing.
    The glossary is created if missing; a file that cannot be read changes nothing.

    \b
    Examples:
      bitext glossary import unterm.tbx --source UNTERM --status approved --db bitext-output/glossary/glossary.sqlite
      bitext glossary import unbis --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.reference import UNBIS, read_reference
    from glossary.store import Store

    if status not in ("approved", "candidate"):
        raise InputError(f"unknown status {status!r} for imported entries; use approved or candidate")
    result = read_reference(file)
    name = source or (_UNBIS_SOURCE if file == UNBIS else Path(file).name)
    with Store.open(db, create=True) as store, store.conn:
        stats = store.import_entries(result.entries, name, status)
    if as_json:
        _print_json({"db": str(db), "source": name, "dialect": result.dialect, "entries": len(result.entries),
                     "added": stats.added, "updated": stats.updated, "unchanged": stats.unchanged,
                     "skipped": result.skipped})
        return
    skipped = f"; {result.skipped} without a Chinese or an English term skipped" if result.skipped else ""
    out.print(f"{db}: {len(result.entries)} entries from {file} ({result.dialect}) as {status}, source "
              f"'{name}': {stats.added} new, {stats.updated} completed, {stats.unchanged} already there{skipped}")


@glossary_app.command()
def lookup(
    term: str = typer.Argument(..., help="A Chinese or English term (language detected)."),
    db: Path = DB_OPTION,
    limit: int = typer.Option(5, "--limit", "-n", help="At most this many proposals (1 or more)."),
    embeddings: bool = typer.Option(True, "--embeddings/--no-embeddings",
                                    help="Let the sentence encoder compare the proposals with the term."),
    as_json: bool = typer.Option(False, "--json", help="Print the proposals as JSON."),
) -> None:
    """Propose equivalents for one term: the glossary's entries first, then what the aligned pairs
    the glossary was built from say, with their evidence (in how many pairs both occur, the shortest
    such pair), so a term seen once in the corpus still gets an answer, marked weak.

    \b
    Example: bitext glossary lookup 国际海底管理局 --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.lookup import lookup as run_lookup
    from glossary.store import Store

    _at_least(1, limit=limit)
    with Store.open(db) as store:
        result = run_lookup(store, term, limit=limit, embeddings=embeddings)
    if as_json:
        _print_json({"term": result.term, "lang": result.lang, "pairs_with_term": result.found, "proposals": [
            {"text": p.text, "variants": p.variants, "how": p.how, "strength": p.strength, "score": p.score,
             "pairs": p.pairs, "source": p.source, "note": p.note, "entry": p.entry.id if p.entry else None,
             "context": asdict(p.context) if p.context else None} for p in result.proposals]})
        return
    if not result.proposals:
        out.print(f"no equivalent for {term!r}: no entry has it and no aligned pair gives one"
                  + (f" ({result.found} pairs hold it)" if result.found else ""))
        return
    table = Table("proposed", "how", "evidence", "score", "source", "note", box=None, header_style="bold")
    for p in result.proposals:
        evidence = f"{p.pairs} pair{'s' if p.pairs != 1 else ''}" + (", weak" if p.strength == "weak" else "")
        if p.entry is not None:
            evidence = f"entry {p.entry.id}, {p.entry.status}"
        shown = p.text + (f" ({', '.join(p.variants)})" if p.variants else "")
        table.add_row(shown, p.how, evidence, f"{p.score:.2f}", p.source, p.note)
    _print_table(table)
    best = next((p for p in result.proposals if p.context), None)
    if best:
        c = best.context
        out.print(f"  {c.document} {c.paragraph or ''}".rstrip())
        out.print(f"      zh: {c.zh}")
        out.print(f"      en: {c.en}")
    out.print(f"{result.found} aligned pair{'s' if result.found != 1 else ''} hold {term}")


@glossary_app.command()
def annotate(
    file: Path = typer.Argument(..., help="A UN document (.txt, .docx, .pdf), Chinese or English."),
    db: Path = DB_OPTION,
    lang: str | None = typer.Option(None, "--lang", help="zh or en (detected when omitted)."),
    min_score: float = typer.Option(MIN_SCORE, "--min-score",
                                    help="Ignore unapproved entries scoring below this (0: keep all)."),
    places: bool = typer.Option(False, "--places", help="Also list countries, regions and cities."),
    corpus: bool = typer.Option(True, "--corpus/--no-corpus",
                                help="Look the document's other terms up in the aligned pairs too."),
    as_json: bool = typer.Option(False, "--json", help="Print the terms found as JSON."),
    html: Path | None = typer.Option(None, "--html", help="Also write an HTML view of the document to this file."),
    force: bool = typer.Option(False, "--force", help="Replace an existing --html file."),
) -> None:
    """Find the glossary's terms in a new document and propose their equivalents, with counts and
    paragraph ids: what to look at before translating it. Names (bodies, programmes, instruments,
    titles, acronyms) come first, then other terms, each group in order of first appearance. Terms no
    entry has are looked up in the aligned pairs the glossary was built from (evidence "corpus").

    \b
    Example: bitext glossary annotate seeds/E_CN.7_2012_2.zh.txt --db bitext-output/glossary/glossary.sqlite
    """
    from align.cli.common import check_lang
    from align.files import write_text
    from glossary.annotate import annotate as run_annotate
    from glossary.annotate import to_html
    from glossary.store import Store

    _at_least(0, min_score=min_score)
    with Store.open(db) as store:
        result = run_annotate(store, file, check_lang(lang), min_score, places=places, corpus=corpus)
    if html:
        write_text(html, to_html(result), force=force)
    found = [*result.findings, *result.places]
    if as_json:
        _print_json({"document": result.source, "symbol": result.symbol, "lang": result.lang, "terms": [
            {"term": f.term, "proposed": f.suggestions(), "kind": f.kind, "evidence": f.evidence, "count": f.count,
             "paragraphs": f.paragraphs, "entries": [e.id for e in f.entries]} for f in found]})
        return
    table = Table("term", "proposed", "kind", "evidence", "count", "paragraphs", box=None, header_style="bold")
    for f in found:
        paras = ", ".join(f.paragraphs[:8]) + (f" … (+{len(f.paragraphs) - 8})" if len(f.paragraphs) > 8 else "")
        table.add_row(f.term, "; ".join(f.suggestions()), f.kind, f.evidence, str(f.count), paras)
    _print_table(table)
    shown = f"{len(result.findings)} glossary terms" + (f" and {len(result.places)} places" if places else "")
    out.print(f"{shown} in {file}" + (f"; HTML view: {html}" if html else ""))


@glossary_app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="tbx, csv or tsv (OmegaT glossary)."),
    output: Path = typer.Option(..., "-o", "--output", help="File to write."),
    db: Path = DB_OPTION,
    status: str | None = typer.Option(None, "--status", help="Only entries with this status (candidate: "
                                                             "labelled admittedTerm in TBX)."),
    min_score: float = typer.Option(MIN_SCORE, "--min-score",
                                    help="Without --status: learnt candidates scoring at least this (0: all)."),
    include_rejected: bool = typer.Option(False, "--include-rejected", help="Export rejected entries too."),
    top: int = typer.Option(0, "--top", "-n", help="Only the N best-scored entries (0: all)."),
    contexts: int = typer.Option(3, "--contexts",
                                 help="Source references (with context) per entry in TBX/CSV (0: none)."),
    source_lang: str = typer.Option("en", "--source-lang", help="TSV: the source language of the OmegaT project."),
    force: bool = typer.Option(False, "--force", help="Replace an existing output file."),
) -> None:
    """Write the glossary as TBX (TBX-Basic), CSV, or OmegaT's tab-separated glossary. By default:
    approved and imported entries, and learnt candidates scoring at least --min-score; approved
    entries are preferredTerm in TBX, candidates carry no administrativeStatus unless exported with
    --status candidate (admittedTerm).

    \b
    Examples:
      bitext glossary export --format tbx -o un-glossary.tbx --db bitext-output/glossary/glossary.sqlite
      bitext glossary export --format tbx --status candidate -o review.tbx --db bitext-output/glossary/glossary.sqlite
    """
    from glossary.export import FORMATS, write
    from glossary.store import Store

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    _at_least(0, top=top, contexts=contexts, min_score=min_score)
    with Store.open(db) as store:
        if status or include_rejected:
            entries = store.entries(top or None, status=status,
                                    include_rejected=include_rejected or status == "rejected")
            chosen = f"{status} entries" if status else "all entries, rejected ones included"
        else:
            entries = store.exportable(min_score)[: top or None]
            chosen = f"approved and imported entries and candidates scoring at least {min_score:g}"
        if fmt in ("tbx", "csv") and contexts:
            for e in entries:
                e.contexts = store.contexts(e.id, contexts)
    options = {"source": source_lang} if fmt == "tsv" else {}
    if fmt == "tbx":
        options = {"candidates": status == "candidate", "description": chosen}
    write(entries, fmt, output, force=force, **options)
    out.print(f"{len(entries)} entries written to {output} ({chosen})")
