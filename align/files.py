"""Reading users' files and writing outputs without ever losing what is already there.

Outputs are written to a temporary file next to the target and renamed into place, so an
interrupted run never leaves half a file; an existing file is only replaced with `force`.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from align.errors import InputError


def check_input_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", p)
    if p.is_dir():
        raise InputError("is a directory, not a file", p)
    if p.stat().st_size == 0:
        raise InputError("file is empty", p)
    return p


def read_utf8(path: str | Path, problem: str = "not UTF-8 text") -> str:
    """The text of a file that must be UTF-8 (a byte-order mark is dropped); else one line, `problem`."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(problem, path) from None


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode text bytes: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030.

    Returns (text, encoding used). Binary data and other encodings are refused, because a wrong
    guess would silently corrupt every segment downstream."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(f"invalid UTF-16 text ({e.reason})", path) from None
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is None:
            raise InputError("binary file, not text (contains NUL bytes)", path)
        return text, "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(
            "not UTF-8, UTF-16 or GB18030 text; convert it to UTF-8 first", path
        ) from None
    # GB18030 decodes almost any byte soup; accept it only if it reads as Chinese text.
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if cjk < max(1, len(text) // 20) or any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
        raise InputError("not UTF-8, UTF-16 or GB18030 text; convert it to UTF-8 first", path)
    return text, "gb18030"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a byte-order mark (Excel's "Unicode Text", some Windows tools):
    the byte order whose decoding is clean text. Read in the wrong order, ASCII turns into
    characters ending in a zero byte (U+5400 for "T"), which real text hardly ever has."""
    if len(data) % 2:
        return None
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if any(ord(c) < 32 and c not in "\t\r\n\f" for c in text):
            continue
        odd = sum(1 for c in text if ord(c) > 0xFF and ord(c) & 0xFF == 0)
        if best is None or odd < best[0]:
            best = (odd, text)
    if best is None or best[0] > 0.05 * len(best[1]):
        return None
    return best[1]


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_output(path: str | Path, force: bool) -> Path:
    p = Path(path)
    if p.exists() and not force:
        raise InputError("already exists; use --force to replace it", p)
    if p.exists() and p.is_dir():
        raise InputError("is a directory, not a file", p)
    return p


@contextmanager
def atomic_open(
    path: str | Path, mode: str = "w", force: bool = False, encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file beside `path`; rename it onto `path` only if the block succeeds."""
    p = check_output(path, force)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=p.parent)
    try:
        os.chmod(tmp, _file_mode(p))
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": "\n"}
        with os.fdopen(fd, mode, **kwargs) as f:
            yield f
        os.replace(tmp, p)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _file_mode(p: Path) -> int:
    """The mode a plain open() would give (mkstemp's 0600 would hide outputs from colleagues);
    a replaced file keeps its own."""
    if p.exists():
        return p.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(path: str | Path, text: str, force: bool = False) -> Path:
    with atomic_open(path, "w", force=force) as f:
        f.write(text)
    return Path(path)


def write_bytes(path: str | Path, data: bytes, force: bool = False) -> Path:
    with atomic_open(path, "wb", force=force, encoding=None) as f:
        f.write(data)
    return Path(path)
