"""Optical character recognition of PDF pages that have no usable text layer (scans, fonts without a
Unicode map), with Tesseract from Debian (tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-eng).

Each page is rasterised by poppler's pdftoppm (300 dpi, grey) and recognised by `tesseract ... tsv`,
pages in parallel on all cores (one single-threaded Tesseract per core). What comes back is what the
PDF reader works from for a text layer: word boxes with their size and baseline, in PDF points, and
the horizontal rules drawn on the page (footnote separators, found in the image), so the same layout
logic finds the furniture, the footnote area, the superscript markers and the paragraphs.

OCR text needs review: the blocks it made are marked (`Block.ocr`, "ocr" in the structure JSON and
in the alignment's header).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

from align.errors import InputError

DPI = 300
_PT = 72.0 / DPI
LANGUAGES = {"zh": "chi_sim+eng", "en": "eng"}
_PACKAGES = "apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng poppler-utils"


@dataclass
class OcrWord:
    text: str
    x0: float
    x1: float
    y0: float  # bottom, PDF points from the page bottom
    size: float  # type size in points
    superscript: bool = False
    space_before: bool = False  # a word space separates it from the word before on its line


@dataclass
class OcrPage:
    number: int
    width: float
    height: float
    words: list[OcrWord] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)  # y of short horizontal rules, PDF points


def check_tools(lang: str) -> str:
    """The Tesseract languages to use; a user error when the tools or language data are missing."""
    for tool in ("tesseract", "pdftoppm"):
        if shutil.which(tool) is None:
            raise InputError(f"--ocr needs {tool}: {_PACKAGES}")
    langs = LANGUAGES.get(lang.split("-")[0], LANGUAGES["zh"])
    have = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    missing = [code for code in langs.split("+") if code not in have]
    if missing:
        raise InputError(f"--ocr needs Tesseract's {', '.join(missing)} data: {_PACKAGES}")
    return langs


def recognise(path: Path, pages: list[int], lang: str = "zh",
              progress: Callable[[int, int], None] | None = None) -> list[OcrPage]:
    """OCR the given pages (0-based) of a PDF, in parallel; `progress(done, total)` after each page."""
    langs = check_tools(lang)
    done = 0
    total = len(pages)
    if progress:
        progress(0, total)
    with tempfile.TemporaryDirectory(prefix="bitext-ocr-") as tmp, \
            ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(_page, path, n, langs, Path(tmp)) for n in pages]
        out = []
        for f in futures:
            out.append(f.result())
            done += 1
            if progress:
                progress(done, total)
    return out


def _page(path: Path, number: int, langs: str, tmp: Path) -> OcrPage:
    stem = tmp / f"p{number}"
    run = subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", "-f", str(number + 1), "-l", str(number + 1),
                          "-singlefile", str(path), str(stem)], capture_output=True, text=True)
    image = stem.with_suffix(".pgm")
    if run.returncode != 0 or not image.exists():
        raise InputError(f"could not rasterise page {number + 1} for OCR ({run.stderr.strip()[:200]})", path)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one core per page; the pages run in parallel
    tsv = subprocess.run(["tesseract", str(image), "-", "-l", langs, "tsv"], capture_output=True, text=True,
                         env=env)
    if tsv.returncode != 0:
        raise InputError(f"Tesseract failed on page {number + 1}: {tsv.stderr.strip()[:200]}", path)
    pixels = _grey(image)
    height_px, width_px = pixels.shape
    words = _words(tsv.stdout, height_px)
    words = _margin_words(pixels, words, langs, tmp / f"m{number}", env)
    rules = _rules(pixels)
    words = _footnote_numbers(pixels, words, rules, tmp / f"f{number}", env)
    page = OcrPage(number, width_px * _PT, height_px * _PT, words, rules)
    image.unlink(missing_ok=True)
    return page


_MARGIN_LABEL = re.compile(r"[\dA-Za-z().,:;，。：；”“'\"一二三四五六七八九十=_~—-]{1,5}")
# Chinese chapter numerals 一 二 三 standing alone in the margin come out of Tesseract as dashes and
# equals signs; their horizontal strokes are counted instead.
_STROKES = re.compile(r"^[=\-—_≡~一二三]+[.。]?$")


def _strokes(block) -> str | None:
    """一. 二. 三. from the number of horizontal bars in the left part of a margin label's image."""
    import numpy as np

    cols = np.flatnonzero((block < 128).any(axis=0))
    if not len(cols):
        return None
    part = block[:, cols[0] : cols[0] + int(0.7 * (cols[-1] - cols[0] + 1))] < 128
    rows = part.any(axis=1)
    bars = int(np.sum(rows[1:] & ~rows[:-1]) + rows[0])
    return {1: "一.", 2: "二.", 3: "三."}.get(bars)


def _margin_words(pixels, words: list[OcrWord], langs: str, stem: Path, env: dict) -> list[OcrWord]:
    """Paragraph numbers and heading numerals printed alone in the left margin ("9.", "二."), which
    Tesseract's page layout analysis drops as specks. The ink blobs of the margin that no word covers
    are stacked into one image and read as lines (one more Tesseract run per page); a blob still not
    read is read alone as one line. Each becomes a word on the baseline of the text line beside it."""
    import numpy as np
    from PIL import Image

    height_px = pixels.shape[0]
    wide = [w for w in words if w.x1 - w.x0 > 0 and not w.superscript]
    if not wide:
        return words
    starts = [round(w.x0 / 5) * 5 for w in wide]
    left = int(max(set(starts), key=starts.count) / _PT) - 20  # where most lines start, in pixels
    if left < 40:
        return words
    # Short words wholly in the margin are labels the page layout analysis read out of context
    # ("1 ”", "4.，"): they are read again below, alone. Running headers and job numbers stay.
    words = [w for w in words if not (w.x1 / _PT < left and _MARGIN_LABEL.fullmatch(w.text))]
    strip = pixels[:, :left]
    ink = (strip < 128).any(axis=1)
    taken = [(height_px - w.y0 / _PT - w.size / _PT, height_px - w.y0 / _PT) for w in words if w.x1 / _PT < left]
    blobs: list[tuple[int, int]] = []
    y = 0
    while y < height_px:
        if ink[y]:
            y0 = y
            while y < height_px and ink[y : y + 30].any():
                y += 1
            if 12 <= y - y0 <= 90 and not any(a - 5 <= y0 and y <= b + 5 for a, b in taken):
                blobs.append((y0, y))
        y += 1
    if not blobs:
        return words
    comp = np.full((sum(b - a + 60 for a, b in blobs) + 60, left), 255, dtype=np.uint8)
    where, off = [], 30
    for a, b in blobs:
        comp[off : off + b - a] = strip[a:b]
        where.append((off, off + b - a))
        off += b - a + 60
    Image.fromarray(comp).save(stem.with_suffix(".png"))
    # Margin labels are digits, letters and dots: English reads them better than Chinese ("7." not "7s").
    run = subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", "-l", "eng", "--psm", "6",
                          "-c", "tessedit_char_whitelist=0123456789.()=-IVXLCABDEFGHabcdefghijklmnopqrstuvwxyz", "tsv"],
                         capture_output=True, text=True, env=env)
    found: dict[int, list[tuple[str, int, int]]] = {}
    for row in run.stdout.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        mid = int(cols[7]) + int(cols[9]) // 2
        k = next((k for k, (a, b) in enumerate(where) if a - 20 <= mid <= b + 20), None)
        if k is not None:
            found.setdefault(k, []).append((cols[11].strip(), int(cols[6]), int(cols[8])))
    for k, (a, b) in enumerate(blobs[:40]):
        if k not in found:  # read alone, as one line
            Image.fromarray(strip[max(0, a - 10) : b + 10]).save(stem.with_suffix(".png"))
            text = subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", "-l", langs, "--psm", "7"],
                                  capture_output=True, text=True, env=env).stdout.strip()
            xs = np.flatnonzero((strip[a:b] < 128).any(axis=0))
            if text and len(xs):
                found[k] = [(text, int(xs[0]), int(xs[-1] - xs[0] + 1))]
    out = []
    for k, items in found.items():
        a, b = blobs[k]
        for text, x, width in items:
            if _STROKES.match(text) and langs.startswith("chi"):
                text = _strokes(strip[a:b]) or text
            text = re.sub(r"^(\d{1,3})[.:;,s]?$", r"\1.", text)  # a paragraph number: "9:" "7s" are "9." "7."
            if langs.startswith("chi") and re.fullmatch(r"[Il|]\.?", text):
                text = "1."  # Chinese documents number chapters 一, not I
            y0 = (height_px - b) * _PT
            near = min(words, key=lambda w: abs(w.y0 - y0))  # the text line beside it
            if abs(near.y0 - y0) < near.size:
                y0, size = near.y0, near.size
            else:
                size = round((b - a) * _PT / 0.92 * 2) / 2
            out.append(OcrWord(text, x * _PT, (x + width) * _PT, y0, size))
    return words + out


def _grey(image: Path):
    import numpy as np
    from PIL import Image

    with Image.open(image) as im:
        return np.asarray(im.convert("L"))


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


_LABEL = re.compile(r"^(?:\d{1,3}\.?|[A-Z]\.|\([a-z]{1,3}\)|[一二三四五六七八九十]+\.)$")
_JUNK = re.compile(r"^[”“\"'，,、.。:：;；]+$")


def _words(tsv: str, height_px: int) -> list[OcrWord]:
    """Words of Tesseract's TSV, line by line, with each line's type size and baseline: the size from
    the height of its Chinese characters (or its tallest words), raised small digits as superscripts."""
    lines: dict[tuple[str, str, str], list[tuple[str, int, int, int, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        lines.setdefault((cols[2], cols[3], cols[4]), []).append((cols[11].strip(), left, top, width, height))
    out: list[OcrWord] = []
    sizes: list[float] = []
    counts: list[int] = []
    first: list[int] = []
    for words in lines.values():
        first.append(len(out))
        cjk = [h for t, _, _, _, h in words if any(_is_cjk(c) for c in t)]
        heights = cjk or sorted(h for *_, h in words)[len(words) // 2:]
        line_h = median(heights)
        normal = [top + h for t, _, top, _, h in words if h >= 0.6 * line_h]
        baseline = median(normal) if normal else max(top + h for _, _, top, _, h in words)
        size = round(line_h * _PT / 0.92 * 2) / 2  # a Chinese character's box is about 0.92 em
        sizes.append(size)
        counts.append(sum(len(t) for t, *_ in words))
        prev_x1 = None
        words = sorted(words, key=lambda w: w[1])
        if len(words) > 2 and _LABEL.match(words[0][0]) and _JUNK.match(words[1][0]):
            del words[1]  # "A. ”非洲": the gap after a label read as a quote mark
        while len(words) > 1 and _JUNK.match(words[0][0]):
            del words[0]  # no line starts with closing punctuation: the gap before the text
        lead = words[0][0].lstrip("”’，,、。:：;；")
        if lead and lead != words[0][0] and not _LABEL.match(words[0][0]):
            words[0] = (lead, *words[0][1:])
        for text, left, top, width, height in words:
            bottom = top + height
            sup = text.isdigit() and len(text) <= 3 and height < 0.75 * line_h and bottom < baseline - 0.25 * line_h
            y0 = (height_px - (bottom if sup else baseline)) * _PT
            gap = (left - prev_x1) if prev_x1 is not None else 0
            out.append(OcrWord(text, left * _PT, (left + width) * _PT, y0, round(size * 0.6 * 2) / 2 if sup else size,
                               sup, prev_x1 is not None and gap > 0.15 * line_h))
            prev_x1 = left + width
    # A short line's few characters say little about its type size: unless it is clearly smaller
    # (footnotes), it has the size most long lines of the page have.
    long_sizes = [z for z, n in zip(sizes, counts) if n >= 12]
    if long_sizes:
        mode = max(set(long_sizes), key=long_sizes.count)
        bounds = [*first[1:], len(out)]
        for k, (z, n) in enumerate(zip(sizes, counts)):
            if (n < 12 and z > 0.88 * mode) or abs(z - mode) <= 0.1 * mode:
                for w in out[first[k] : bounds[k]]:
                    if not w.superscript:
                        w.size = mode
    return out


def _footnote_numbers(pixels, words: list[OcrWord], rules: list[float], stem: Path, env: dict) -> list[OcrWord]:
    """The raised number that starts each footnote under the separator rule, which Tesseract reads as
    letters run into the first word ("A联B合国出版物" for "¹ 联合国出版物"): the spot before the first
    character is read again as digits, and the letters are taken out of the text."""
    from PIL import Image

    if not rules or not words:
        return words
    sizes = [w.size for w in words]
    body = max(set(sizes), key=sizes.count)
    lowest = max(rules)
    height_px = pixels.shape[0]
    lines: dict[tuple[float, float], list[OcrWord]] = {}
    for w in words:
        if w.y0 < lowest and w.size < 0.9 * body and not w.superscript:
            lines.setdefault((round(w.y0, 1), w.size), []).append(w)
    out = list(words)
    for (y0, size), line in lines.items():
        first = min(line, key=lambda w: w.x0)
        x, base, em = int(first.x0 / _PT), int(height_px - y0 / _PT), int(size / _PT)
        crop = pixels[max(0, base - int(1.4 * em)) : base + 4, max(0, x - 12) : x + int(1.2 * em)]
        ink = (crop < 128).any(axis=0)
        cols = [k for k, v in enumerate(ink) if v]
        if not cols:
            continue
        end, gap = cols[0], 0
        for k in range(cols[0], len(ink)):  # the number ends at the first white gap after it
            gap = 0 if ink[k] else gap + 1
            if gap >= 5:
                end = k - gap + 1
                break
        else:
            continue
        Image.fromarray(crop[:, : end + 6]).save(stem.with_suffix(".png"))
        digits = subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", "--psm", "7", "-c",
                                 "tessedit_char_whitelist=0123456789"], capture_output=True, text=True,
                                env=env).stdout.strip()
        if not re.fullmatch(r"\d{1,3}", digits):
            continue
        if re.match(r"^\d", first.text):
            continue  # the number was read as a number already
        ordered = sorted(line, key=lambda w: w.x0)
        junk = re.compile(r"[A-Za-z“”\"'‘’]")
        for w in ordered[:2]:  # "A" "联B合国出版物": letters where the number and its gap were
            w.text = junk.sub("", w.text[:5]) + w.text[5:]
        out = [w for w in out if w.text]
        out.append(OcrWord(digits, first.x0 - 0.6 * size, first.x0 - 0.1 * size, y0 + 0.35 * size,
                           round(size * 0.6 * 2) / 2, superscript=True))
    return out


def _rules(pixels) -> list[float]:
    """Short horizontal rules (20 to 300 pt long, at most 6 px thick) drawn on the page, as PDF y."""
    import numpy as np

    dark = pixels < 128
    counts = dark.sum(axis=1)
    height = dark.shape[0]
    out: list[float] = []
    y = 0
    min_len, max_len = 20 / _PT, 300 / _PT
    while y < height:
        if min_len <= counts[y] <= max_len:
            xs = np.flatnonzero(dark[y])
            if xs[-1] - xs[0] + 1 - len(xs) <= 3:  # one unbroken stroke
                y1 = y
                while y1 + 1 < height and abs(int(counts[y1 + 1]) - int(counts[y])) <= 6:
                    y1 += 1
                if y1 - y < 6:
                    out.append((height - y1) * _PT)
                y = y1 + 1
                continue
        y += 1
    return out
