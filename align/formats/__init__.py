"""Stage 3, formats: an `Alignment` to and from files. `jsonl` (alignment.jsonl, the pivot every later
step reads), `tmx` (TMX 1.4b for CAT tools, with its DTD), `presplit` (the Vecalign/Bertalign
one-sentence-per-line format) and its scorer `vecalign_score`, `gold` (gold alignments)."""
