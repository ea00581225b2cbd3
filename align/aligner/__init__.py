"""Stage 2, aligner: two Documents -> an `Alignment`. Sentence embeddings (`encoders`, with a disk
cache), CC-CEDICT lexical evidence (`lexical`), bead scoring (`scoring`) and the dynamic programme
(`dp`), run paragraph by paragraph and then sentence by sentence (`align`), with a confidence per bead."""
