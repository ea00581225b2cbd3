"""Stage 2, aligner: two Documents -> an `Alignment`. Sentence embeddings (`encoders`, with a disk
cache; `use_model` runs the default encoder), CC-CEDICT lexical evidence (`lexical`, with Chinese words
from `zh_segmenter`), bead scoring (`scoring`) and the dynamic programme
(`dp`), run paragraph by paragraph and then sentence by sentence (`align`), with a confidence per bead."""
