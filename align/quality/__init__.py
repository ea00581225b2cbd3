"""Stage 3, quality: an `Alignment` -> flags on its beads. `numbers` (numbers and symbols normalised
across the languages), `checks` (the checks and the summary), `flags` (their codes), `report` (the HTML
review page) and `review` (review sheets and applying a reviewer's decisions)."""
