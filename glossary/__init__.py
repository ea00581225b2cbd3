"""The bilingual glossary of UN institutional vocabulary, learnt from aligned documents.

    candidates/  Chinese and English term candidates and their termhood
    pairing      Chinese terms paired with their English equivalents over aligned sentences
    store        the SQLite glossary (entries, variants, contexts, curation, sources) with full-text search
    build        alignment.jsonl / TMX files -> entries in the store (staged: all or nothing)
    reference    reference termbases (TBX dialects, CSV/TSV, the UNBIS Thesaurus) -> entries to import
    query, lookup, annotate, export   looking terms up (entries; the aligned pairs), finding them in a
                 new document, TBX/CSV/TSV

It reads what the align stages make (alignment.jsonl, TMX) and is used by the pipeline's main job.
The names a Python user needs are importable from here; they load on first use.
"""

from importlib import import_module

# public name -> (module, attribute); the functions named after their modules (build, query,
# annotate) get names of their own here, so `glossary.query` is always the module.
_WHERE = {
    "build_glossary": ("glossary.build", "build"),
    "query_glossary": ("glossary.query", "query"),
    "annotate_document": ("glossary.annotate", "annotate"),
    "lookup_term": ("glossary.lookup", "lookup"),
    "read_reference": ("glossary.reference", "read_reference"),
    "Store": ("glossary.store", "Store"),
    "Entry": ("glossary.model", "Entry"),
    "Context": ("glossary.model", "Context"),
    "Unit": ("glossary.model", "Unit"),
    **{name: ("glossary.export", name) for name in
       ("write_tbx", "read_tbx", "write_csv", "read_csv", "write_tsv", "read_tsv")},
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        module, attribute = _WHERE[name]
        return getattr(import_module(module), attribute)
    raise AttributeError(f"module 'glossary' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
