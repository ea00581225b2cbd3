"""Stage 1, documents: a user's file (.txt, .docx, .pdf) -> raw lines (`ingest`, the readers, page
furniture) -> a `Document` with its UN structure (`segment`: front matter, headings, numbered
paragraphs, items, footnotes) and sentences. Hands the aligner two Documents."""
