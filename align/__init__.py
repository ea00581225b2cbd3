"""bitext: align Chinese United Nations documents with their English originals.

The package follows the flow, one subpackage per stage; imports only point down the list:

    documents/  files (.txt .docx .pdf) -> raw lines -> Document (UN structure, sentences)
    aligner/    two Documents -> Alignment (encoders, lexical evidence, scoring, dynamic programme)
    formats/    Alignment <-> files (alignment.jsonl, TMX, the pre-split format, gold files)
    quality/    Alignment -> flags, the HTML report, review sheets
    pipeline/   one pair end to end, the main job on the bundled corpora
    cli/        the `bitext` command line, thin over the above

`model.py` (the one data model), `errors.py` and `files.py` are shared by every stage. The names a
Python user needs are importable from here (`from align import segment_file, align_files`); they
load on first use, so `import align` stays cheap.
"""

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("un-bitext")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

_PUBLIC = {
    "align.model": ("Alignment", "Bead", "Block", "Document", "Flag", "Sentence"),
    "align.errors": ("InputError",),
    "align.documents.segment": ("segment_file", "segment_text"),
    "align.documents.docjson": ("document_to_dict", "document_from_dict"),
    "align.aligner.align": ("align_documents", "align_sentence_lists", "AlignerSettings"),
    "align.aligner.encoders": ("get_encoder",),
    "align.formats.jsonl": ("read_alignment", "write_alignment"),
    "align.formats.tmx": ("read_tmx", "write_tmx", "merge_tmx", "validate_tmx"),
    "align.formats.gold": ("gold_alignment",),
    "align.quality.checks": ("check_alignment", "summarize"),
    "align.quality.report": ("write_report",),
    "align.quality.review": ("export_review", "apply_review", "read_decisions"),
    "align.pipeline.pair": ("align_files", "align_presplit", "write_outputs"),
    "align.pipeline.run": ("run_all",),
}
_WHERE = {name: module for module, names in _PUBLIC.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'align' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
