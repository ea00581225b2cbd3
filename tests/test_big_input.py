"""Inputs far bigger than a UN document: `align` refuses them at once with one line, `segment` shows a
terminal one screenful and streams the rest to a pipe or a file (memory and time: benchmarks/batch_scaling.py --big)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys

from conftest import CORPORA, ROOT
from typer.testing import CliRunner

from align.cli.app import app
from align.pipeline.limits import MAX_CHARS

runner = CliRunner()


def devset_document(path, lang: str, chars: int) -> int:
    """Numbered paragraphs of UNPC devset lines, repeated up to `chars` characters; returns the paragraph count."""
    lines = (CORPORA / "unpc_devset" / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
    paras, size, k = [], 0, 0
    while size < chars:
        text = f"{len(paras) % 900 + 1}. " + ("" if lang == "zh" else " ").join(lines[k % 3990 : k % 3990 + 3])
        paras.append(text)
        size += len(text) + 2
        k += 3
    path.write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return len(paras)


def test_align_refuses_a_document_too_big_to_align(tmp_path):
    big = tmp_path / "big.en.txt"
    devset_document(big, "en", MAX_CHARS + 100_000)
    out = tmp_path / "out"
    result = runner.invoke(app, ["align", str(CORPORA / "udhr" / "zh.txt"), str(big), "-o", str(out), "-q"])
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert "\n" not in line
    assert re.match(rf"bitext: error: {re.escape(str(big))}: 4\.\d million characters of text;", line)
    assert "at most 4 million a side" in line and "split the document" in line
    assert not out.exists()


def test_segment_shows_a_terminal_one_screenful_and_a_pipe_everything(tmp_path):
    doc = tmp_path / "long.zh.txt"
    n = devset_document(doc, "zh", 150_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LINES": "30", "COLUMNS": "120", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "align.cli.app", "segment", str(doc)]
    leader, follower = pty.openpty()
    proc = subprocess.Popen(cmd, env=env, stdin=follower, stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # the terminal closed: the command ended
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    assert proc.wait(timeout=120) == 0
    shown = b"".join(chunks).decode("utf-8", "replace").splitlines()
    assert len(shown) <= 30
    assert shown[-1].startswith("… ") and shown[-1].endswith("more blocks: --json or -o FILE.json for all of them")
    piped = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0
    rows = piped.stdout.splitlines()
    header = next(k for k, row in enumerate(rows) if row.split() == ["id", "kind", "sent", "fn", "text"])
    result = runner.invoke(app, ["segment", str(doc), "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0 and f"wrote {tmp_path / 's.json'}" in result.output
    blocks = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["blocks"]
    assert len(blocks) >= n and len(rows) == header + 1 + len(blocks)  # every block, on a pipe
    assert rows[-1].split()[0] == blocks[-1]["id"]
    again = runner.invoke(app, ["segment", str(doc), "-o", str(tmp_path / "s.json")])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_a_text_file_too_big_in_any_encoding_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.zh.txt"
    with open(big, "w", encoding="utf-8") as f:  # 4 bytes a character would still be over the limit
        for _ in range(MAX_CHARS // 1_000_000 * 4 + 1):
            f.write("联合国大会" * 66_667 + "\n")  # 1 MB of UTF-8 a line
    result = runner.invoke(app, ["align", str(big), str(CORPORA / "udhr" / "en.txt"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert re.match(rf"bitext: error: {re.escape(str(big))}: 17\.0 MB of text, more than the 4 million characters",
                    result.stderr)
    assert not (tmp_path / "o").exists()
