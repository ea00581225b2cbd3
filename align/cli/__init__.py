"""Stage 5, the `bitext` command line (typer): `app` (segment, align, run, and the groups below),
`tmx`, `check` (check and review), `common` (consoles, one-line errors, exit codes). Each command is
a thin layer over a library function; heavy stages are imported only when a command runs."""
