"""Stage 4, pipeline: the stages put together. `pair` aligns one pair of files end to end
(alignment.jsonl, TMX, review page); `run` is the main job over the bundled corpora (`corpora`),
including the glossary. The command line calls these."""
