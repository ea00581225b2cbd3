"""Optical character recognition of PDF pages that have no usable text layer (scans, fonts without a
Unicode map), with Tesseract from Debian (tesseract-ocr, tesseract-ocr-chi-sim, tesseract-ocr-eng).

Each page is rasterised by poppler's pdftoppm (300 dpi, grey) and recognised by `tesseract ... tsv`
(one uniform block of text, --psm 6), pages in parallel on all cores (one single-threaded Tesseract per
core). What comes back is what the PDF reader works from for a text layer: word boxes with their size
and baseline, in PDF points, and the horizontal rules drawn on the page (footnote separators, found in
the image), so the same layout logic finds the furniture, the footnote area, the superscript markers
and the paragraphs. Where Tesseract is weak the image is read again: the baselines (its Chinese boxes
are loose), the labels that start lines (paragraph numbers, items, heading numerals) and the raised
numbers that start footnotes. What was tried and measured: benchmarks/results/ocr_settings.md.

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
from align.machine import cores

DPI = 300
_PT = 72.0 / DPI
# Measured on the seed report printed and scanned (benchmarks/ocr_seed.py): the Chinese model alone
# reads its Latin (symbols, numbers) better than with English added (character accuracy 0.986 against
# 0.981) at half the time; one uniform block of text (--psm 6) keeps a margin number on its line.
LANGUAGES = {"zh": "chi_sim", "en": "eng"}
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
    label: bool = False  # a label that starts a line, found in the image and read alone ("96.", "(a)")


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
    missing = [code for code in dict.fromkeys([*langs.split("+"), "eng"]) if code not in have]  # eng reads labels
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
            ThreadPoolExecutor(max_workers=cores()) as pool:
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
    tsv = subprocess.run(["tesseract", str(image), "-", "-l", langs, "--psm", "6", "tsv"], capture_output=True,
                         text=True, env=env)
    if tsv.returncode != 0:
        raise InputError(f"Tesseract failed on page {number + 1}: {tsv.stderr.strip()[:200]}", path)
    pixels = _grey(image)
    height_px, width_px = pixels.shape
    words = _words(tsv.stdout, height_px, langs.startswith("chi"))
    _true_baselines(pixels, words)
    words = _line_labels(pixels, words, langs, tmp / f"m{number}", env)
    rules = _rules(pixels)
    words = _footnote_numbers(pixels, words, rules, tmp / f"f{number}", env)
    page = OcrPage(number, width_px * _PT, height_px * _PT, words, rules)
    image.unlink(missing_ok=True)
    return page


# A label as printed at the start of a line: a paragraph number, an item label, a heading numeral.
_LABEL_READ = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\)|\([ivx]{1,5}\)|[A-Z]\.|[IVXL]{1,5}\.|[一二三]\.)$")
# Chinese chapter numerals 一 二 三 read by the English model come out as dashes and equals signs; their
# horizontal strokes are counted instead.
_STROKES = re.compile(r"^[=\-—_≡~一二三]+[.。]?$")
_LABEL_CHARS = "0123456789.()-=IVXLCABDEFGHabcdefghijklmnopqrstuvwxyz©®"  # "(c)" reads as "©"


def _strokes(block) -> str | None:
    """一. 二. 三. from the number of horizontal bars in the left part of a margin label's image: thin
    (a fifth of the line's height at most, with the serif) and as wide as that part, or it is not a
    Chinese numeral."""
    import numpy as np

    cols = np.flatnonzero((block < 128).any(axis=0))
    if not len(cols):
        return None
    part = block[:, cols[0] : cols[0] + int(0.7 * (cols[-1] - cols[0] + 1))] < 128
    rows = part.any(axis=1)
    starts = np.flatnonzero(rows & ~np.concatenate([[False], rows[:-1]]))
    ends = np.flatnonzero(rows & ~np.concatenate([rows[1:], [False]]))
    if any(e - a + 1 > block.shape[0] / 5 or part[a : e + 1].any(axis=0).mean() < 0.8 for a, e in zip(starts, ends)):
        return None
    return {1: "一.", 2: "二.", 3: "三."}.get(len(starts))


@dataclass
class _Spot:
    """Where a line starts with a label: the text line's baseline and size (PDF points), the label's
    ink and where the text after it starts (pixels)."""

    y0: float
    size: float
    x0: int
    x1: int
    top: int
    bottom: int
    text_x: int


def _normal_label(text: str, langs: str, block) -> str:
    text = "".join(text.split()).replace("©", "(c)").replace("®", "(r)")
    if m := _ZH_NUMERAL.match(text):
        return m.group(1) + "."
    text = re.sub(r"^(\d{1,3})[，,]$", r"\1.", text)  # the Chinese model's "3，"
    if _STROKES.match(text) and langs.startswith("chi"):
        text = _strokes(block) or text
    text = re.sub(r"^(\d{1,3})[.:;,s]?$", r"\1.", text)  # a paragraph number: "9:" "7s" are "9." "7."
    if langs.startswith("chi") and re.fullmatch(r"[Il|]\.?", text):
        text = "1."  # Chinese documents number chapters 一, not I
    return text


def _label_spots(pixels, words: list[OcrWord]) -> list[_Spot]:
    """Lines that start with a short run of ink set apart from the text by a wide gap (0.8 em): a label
    in the margin or a hanging indent. Raised small numbers (footnote markers) are not labels."""
    import numpy as np

    height_px = pixels.shape[0]
    dark = pixels < 128
    rows: dict[float, list[OcrWord]] = {}
    for w in sorted(words, key=lambda w: -w.size):
        if not w.superscript:
            key = next((k for k in rows if abs(k - w.y0) <= 0.3 * w.size), w.y0)
            rows.setdefault(key, []).append(w)
    spots = []
    for y0, line in rows.items():
        size = max(w.size for w in line)
        em = size / _PT
        right = int(max(w.x1 for w in line) / _PT) + 1
        base = _ink_baseline(dark, int(height_px - y0 / _PT), em, int(min(w.x0 for w in line) / _PT), right)
        top, bottom = max(0, int(base - 0.9 * em)), min(height_px, int(base + 0.2 * em))
        band = dark[top:bottom, :right]
        cols = np.flatnonzero(band.any(axis=0))
        gaps = np.flatnonzero(np.diff(cols) > 0.8 * em) if len(cols) > 1 else []
        if not len(gaps):
            continue
        x0, x1, text_x = int(cols[0]), int(cols[gaps[0]]) + 1, int(cols[gaps[0] + 1])
        if not 0.15 * em <= x1 - x0 <= 3 * em or text_x - x1 > 6 * em:
            continue
        ink = np.flatnonzero(band[:, x0:x1].any(axis=1))
        if top + ink[-1] < base - 0.25 * em or ink[-1] - ink[0] < 0.4 * em:
            continue  # a raised number
        spots.append(_Spot(y0, size, x0, x1, top, bottom, text_x))
    return spots


def _read_stacked(pixels, spots: list[_Spot], scale: float, args: list[str], stem: Path, env: dict) -> list[str]:
    """Read the labels of a page in one Tesseract run: their images stacked one under the other."""
    import numpy as np
    from PIL import Image

    gap = 30
    crops = []
    for b in spots:
        im = Image.fromarray(pixels[b.top : b.bottom, b.x0 : b.x1])
        crops.append(im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.LANCZOS))
    comp = np.full((sum(c.height + gap for c in crops) + gap, max(c.width for c in crops) + 2 * gap), 255,
                   dtype=np.uint8)
    where, y = [], gap
    for c in crops:
        comp[y : y + c.height, gap : gap + c.width] = np.asarray(c)
        where.append((y - gap // 2, y + c.height + gap // 2))
        y += c.height + gap
    Image.fromarray(comp).save(stem.with_suffix(".png"))
    run = subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", *args, "--psm", "6", "tsv"],
                         capture_output=True, text=True, env=env)
    found: dict[int, list[str]] = {}
    for row in run.stdout.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        mid = int(cols[7]) + int(cols[9]) // 2
        k = next((k for k, (a, b) in enumerate(where) if a <= mid < b), None)
        if k is not None:
            found.setdefault(k, []).append(cols[11].strip())
    return ["".join(found.get(k, [])) for k in range(len(spots))]


def _read_alone(block, scale: float, chars: str, stem: Path, env: dict) -> str:
    from PIL import Image, ImageOps

    im = Image.fromarray(block)
    im = im.resize((max(1, round(im.width * scale)), max(1, round(im.height * scale))), Image.LANCZOS)
    ImageOps.expand(im, 15, fill=255).save(stem.with_suffix(".png"))
    return subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", "-l", "eng", "--psm", "7", "-c",
                           f"tessedit_char_whitelist={chars}"], capture_output=True, text=True, env=env).stdout


_ZH_NUMERAL = re.compile(r"^([一二三四五六七八九十]{1,3})[.．、，,]$")


def _is_label(text: str) -> bool:
    return bool(_LABEL_READ.match(text) or _ZH_NUMERAL.match(text))


def _line_labels(pixels, words: list[OcrWord], langs: str, stem: Path, env: dict) -> list[OcrWord]:
    """The label that starts a line ("96.", "(a)", "A.", "一."), found in the image and read again.

    Tesseract's page layout analysis drops paragraph numbers in the margin as specks, reads an item
    label set apart from its text as a block of its own, and reads the white gap between a label and
    its text as a quote mark ("1 ”联合国", "(a] “与"). Labels are found in the image (`_label_spots`),
    all of a page's labels stacked in one image, and read three times: by the English model with only
    the characters labels have at 44 and at 22 pixels an em (at 44 it reads "41." as "Al.", at 22 "(c)"
    as "()"), and for a Chinese document by the Chinese model, which reads the chapter numerals 四 五 六
    and tells a short run of text ("议，") from a label. The reading most of them agree on wins; when
    no two agree, one more reading alone decides; when none is a label, readings alone (then as digits,
    then a Chinese 一 二 三 by its strokes). A label replaces what Tesseract's page run read over it and
    in the gap after it."""
    spots = _label_spots(pixels, words)
    if not spots:
        return words
    height_px = pixels.shape[0]
    em = max(b.size for b in spots) / _PT
    whitelist = ["-c", f"tessedit_char_whitelist={_LABEL_CHARS}"]
    reads = [_read_stacked(pixels, spots, min(1.0, 44 / em), ["-l", "eng", *whitelist], stem, env),
             _read_stacked(pixels, spots, min(1.0, 22 / em), ["-l", "eng", *whitelist], stem, env)]
    if langs.startswith("chi"):
        reads.append(_read_stacked(pixels, spots, min(1.0, 44 / em), ["-l", "chi_sim"], stem, env))
    out = list(words)
    drop: set[int] = set()
    for k, b in enumerate(spots):
        block = pixels[b.top : b.bottom, b.x0 : b.x1]
        votes = [t for t in (_normal_label(r[k], langs, block) for r in reads) if _is_label(t)]
        votes = [t for t in votes if t not in ("一.", "二.", "三.") or _strokes(block) == t]  # "(c)" read as "一."
        if len(votes) > 1 and len(set(votes)) == len(votes):  # no two agree ("B." "3."): read alone too
            votes.append(_normal_label(_read_alone(block, min(1.0, 22 / em), _LABEL_CHARS, stem, env), langs, block))
        if votes:  # the reading most agree on, the first one's on a tie
            text = max(votes, key=votes.count)
        elif len(reads) > 2 and any(_is_cjk(c) for c in reads[2][k]):
            continue  # the Chinese model reads text ("议，"), not a label
        else:
            for scale, chars in ((44, _LABEL_CHARS), (22, _LABEL_CHARS), (22, "0123456789.")):
                text = _normal_label(_read_alone(block, min(1.0, scale / em), chars, stem, env), langs, block)
                if _is_label(text):
                    break
            else:
                text = _strokes(block) or "" if langs.startswith("chi") else ""
        if not _is_label(text):
            continue
        for i, w in enumerate(out):  # what the page run read over the label and in the gap after it
            mid_y = height_px - (w.y0 + 0.4 * w.size) / _PT
            if b.top - 5 <= mid_y <= b.bottom + 5 and w.x0 / _PT < b.text_x - 0.3 * b.size / _PT:
                if w.x1 / _PT <= b.text_x + 0.3 * b.size / _PT or not any(_is_cjk(c) or c.isalnum() for c in w.text):
                    drop.add(i)
                else:  # a word that runs from the gap into the text: "”联合国"
                    w.text = w.text.lstrip("”“\"'’‘，,、。.:：;；|")
                    w.x0 = b.text_x * _PT
        out.append(OcrWord(text, b.x0 * _PT, b.x1 * _PT, b.y0, b.size, label=True))
    return [w for i, w in enumerate(out) if i not in drop and w.text]


def _grey(image: Path):
    import numpy as np
    from PIL import Image

    with Image.open(image) as im:
        return np.asarray(im.convert("L"))


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


_LABEL = re.compile(r"^(?:\d{1,3}\.?|[A-Z]\.|\([a-z]{1,3}\)|[一二三四五六七八九十]+\.)$")
_JUNK = re.compile(r"^[”“\"'，,、.。:：;；]+$")


def _words(tsv: str, height_px: int, zh: bool = False) -> list[OcrWord]:
    """Words of Tesseract's TSV, line by line, with each line's type size and baseline: the size from
    the height of its Chinese characters (or its tallest words), raised small digits as superscripts.
    Quote marks that start a word Tesseract is unsure of (confidence under 70) are the white gap before
    it; in Chinese text, punctuation is given its full-width form (`_full_width`)."""
    lines: dict[tuple[str, str, str], list[tuple[str, int, int, int, int]]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, width, height = (int(c) for c in cols[6:10])
        text = cols[11].strip()
        if float(cols[10]) < _SURE:  # a white gap read as a quote mark: "”毒品", "”12", "，”阿拉伯"
            text = _GAP_QUOTE.sub("", text)
        if text:
            lines.setdefault((cols[2], cols[3], cols[4]), []).append((text, left, top, width, height))
    out: list[OcrWord] = []
    sizes: list[float] = []
    counts: list[int] = []
    first: list[int] = []
    for words in lines.values():
        first.append(len(out))
        if zh:  # the language code of the job number in the footer, "V.12-50567 (C)", read as Chinese 〇
            for k, (text, *rest) in enumerate(words):
                before = "".join(w[0] for w in words[:k]) + text.split("〇")[0]
                if "〇" in text and re.search(r"\d{2}-\d{5} ?[(（]?$", before):
                    words[k] = (text.replace("〇", "C", 1), *rest)
        cjk = [h for t, _, _, _, h in words if any(_is_cjk(c) for c in t)]
        heights = cjk or sorted(h for *_, h in words)[len(words) // 2:]
        # The Chinese model's boxes are loose: many reach up to a rule above the line or down to the
        # line below (69 pixels for 31-pixel characters), few are too small; the lower quartile is sure.
        line_h = sorted(heights)[len(heights) // 4] if cjk else median(heights)
        normal = [top + h for t, _, top, _, h in words if h >= 0.6 * line_h]
        baseline = median(normal) if normal else max(top + h for _, _, top, _, h in words)
        size = round(line_h * _PT / 0.92 * 2) / 2  # a Chinese character's box is about 0.92 em
        sizes.append(size)
        counts.append(sum(len(t) for t, *_ in words))
        prev_x1 = None
        words = _in_order(words)
        if zh:
            words = [(t, *rest) for t, (_, *rest) in zip(_full_width([w[0] for w in words]), words)]
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


_SURE = 70.0
_GAP_QUOTE = re.compile(r"^[，,]?[“”\"'‘’]+")
_WIDE = {";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"}


def _full_width(texts: list[str]) -> list[str]:
    """A Chinese line's punctuation in the full-width forms Chinese text is printed with, which the
    Chinese model gives as ASCII ("编号: E.11", "办公室)的"): ; : ? ! next to a Chinese character,
    brackets with a Chinese character inside or outside them (and the other bracket of the pair), and an
    angle bracket 〈 closed by a round one (the model's reading of "（")."""
    text = "\x00".join(texts)
    chars = list(text)
    solid = [k for k, c in enumerate(chars) if c != "\x00"]

    def cjk_at(pos: int) -> bool:
        return 0 <= pos < len(solid) and _is_cjk(chars[solid[pos]]) and chars[solid[pos]] not in "（）〇"

    opened: list[int] = []
    for pos, k in enumerate(solid):
        c = chars[k]
        near = cjk_at(pos - 1) or cjk_at(pos + 1)
        if c in ";:?!" and (cjk_at(pos - 1) or (c in "?!" and near)):
            if not (c == ":" and pos + 1 < len(solid) and chars[solid[pos + 1]].isdigit() and not cjk_at(pos - 1)):
                chars[k] = _WIDE[c]
        elif c in "(（〈":
            opened.append(pos)
            if c == "(" and near:
                chars[k] = "（"
        elif c in ")）" and opened:
            start = solid[opened.pop()]
            wide = chars[start] in "（〈" or near or c == "）"
            chars[k] = "）" if wide else ")"
            chars[start] = "（" if wide else chars[start]
        elif c == ")" and near:
            chars[k] = "）"
    return "".join(chars).split("\x00")


def _in_order(words: list[tuple[str, int, int, int, int]]) -> list[tuple[str, int, int, int, int]]:
    """A line's words in Tesseract's reading order, with boxes that do not overlap. The Chinese model's
    boxes are loose (a word's box may reach over the next two words, "”西亚" over "和中亚"), so sorting
    by position or splitting a box evenly into characters would shuffle the characters ("西和中亚亚")."""
    out = []
    for k, (text, left, top, width, height) in enumerate(words):
        if out:
            left = max(left, out[-1][1] + out[-1][3])
        right = left + width
        if k + 1 < len(words) and left < words[k + 1][1] < right:
            right = words[k + 1][1]
        out.append((text, left, top, max(1, right - left), height))
    return out


def _footnote_numbers(pixels, words: list[OcrWord], rules: list[float], stem: Path, env: dict) -> list[OcrWord]:
    """The raised number that starts each footnote under the separator rule. Tesseract reads it as
    letters or punctuation run into the first word ("A联B合国出版物", "5“ 《阿富汗" for "⁶ 《阿富汗"), or
    as one digit of two ("1" for "¹¹"). In the image the number is the ink before the first character
    that reaches down to the line's baseline; it is read again as digits, and what Tesseract read
    there is taken out of the text."""
    import numpy as np

    if not rules or not words:
        return words
    sizes = [w.size for w in words]
    body = max(set(sizes), key=sizes.count)
    lowest = max(rules)
    height_px = pixels.shape[0]
    dark = pixels < 128
    lines: dict[tuple[float, float], list[OcrWord]] = {}
    for w in words:
        if w.y0 < lowest and w.size < 0.9 * body and not w.superscript:
            lines.setdefault((round(w.y0, 1), w.size), []).append(w)
    out = list(words)
    for (y0, size), line in lines.items():
        em = size / _PT
        start = min(w.x0 for w in line) / _PT
        base = _ink_baseline(dark, int(height_px - y0 / _PT), em, int(start + em), int(max(w.x1 for w in line) / _PT))
        raised = [w for w in out if w.superscript and abs(w.y0 - y0) < size and w.x1 / _PT <= start + 0.3 * em]
        left = int(min([start, *(w.x0 / _PT for w in raised)]) - 0.5 * em)
        region = dark[max(0, int(base - 1.1 * em)) : base + int(0.1 * em), max(0, left) : int(start + 2 * em)]
        inked = region.any(axis=0)
        low = region[-int(0.35 * em):].any(axis=0)  # ink down near the baseline: the text
        runs = []  # runs of inked columns: glyphs, or glyphs that touch
        for k in np.flatnonzero(inked):
            if runs and runs[-1][1] == k:
                runs[-1][1] = k + 1
            else:
                runs.append([k, k + 1])
        text_run = next((i for i, (a, b) in enumerate(runs) if low[a:b].any()), len(runs))
        if not text_run:
            continue  # no raised number before the text
        a, b = runs[0][0], runs[text_run - 1][1]
        number = region[:, a:b]
        rows = np.flatnonzero(number.any(axis=1))
        if b - a > 2 * em or not 0.25 * em <= len(rows) <= 0.75 * em:
            continue
        text_at = runs[text_run][0] if text_run < len(runs) else region.shape[1]
        number = ~number[rows[0] : rows[-1] + 1]
        digits = _read_digits(number.astype(np.uint8) * 255, stem, env)
        if not digits:
            continue
        x_text = (max(0, left) + text_at) * _PT
        gone = {id(w) for w in raised} | {id(w) for w in line if w.x1 <= x_text + 0.2 * size}
        out = [w for w in out if id(w) not in gone]
        first = min((w for w in line if id(w) not in gone), key=lambda w: w.x0, default=None)
        if first is not None and first.x0 < x_text - 0.2 * size:  # "?大会": what was read over the number
            first.text = first.text.lstrip("!?°“”\"'‘’.,:;|*^`~")
            first.x0 = max(first.x0, x_text)
        x0 = (max(0, left) + a) * _PT
        out.append(OcrWord(digits, x0, x0 + number.shape[1] * _PT, y0 + 0.35 * size, round(size * 0.6 * 2) / 2,
                           superscript=True))
    return [w for w in out if w.text]


def _ink_baseline(dark, base: int, em: float, x0: int, x1: int) -> int:
    """The bottom of a line's characters in the image, near Tesseract's baseline (the Chinese model's
    boxes end anywhere from the baseline to half an em below it): the bottom of the heaviest run of
    inked rows around it."""

    top = max(0, int(base - 1.2 * em))
    counts = dark[top : int(base + 0.3 * em), x0:max(x1, x0 + 1)].sum(axis=1)
    if not counts.any():
        return base
    rows = counts >= 0.15 * counts.max()
    best, run, weight, heaviest = base, None, 0, -1
    for k, on in enumerate([*rows, False]):
        if on and run is None:
            run, weight = k, 0
        if on:
            weight += int(counts[k])
        elif run is not None and k - run:
            if weight > heaviest:
                best, heaviest = top + k, weight
            run = None
    return best


def _true_baselines(pixels, words: list[OcrWord]) -> None:
    """Each line's baseline where its characters end in the image, not where Tesseract's boxes do:
    a short last line whose boxes hang low would otherwise stand apart from its paragraph."""
    dark = pixels < 128
    height_px = pixels.shape[0]
    lines: dict[float, list[OcrWord]] = {}
    for w in words:
        if not w.superscript:
            lines.setdefault(w.y0, []).append(w)
    for y0, line in lines.items():
        em = max(w.size for w in line) / _PT
        base = _ink_baseline(dark, int(height_px - y0 / _PT), em, int(min(w.x0 for w in line) / _PT),
                             int(max(w.x1 for w in line) / _PT))
        for w in line:
            w.y0 = (height_px - base) * _PT


def _read_digits(block, stem: Path, env: dict) -> str:
    """A raised footnote number, read alone as digits with its ink scaled to 20, 25 and 30 pixels high:
    the reading most sizes agree on ("¹¹" reads "1" at 20 and "11" at 25 and 30; "⁹" only at 20)."""
    from PIL import Image, ImageOps

    reads: list[str] = []
    for height in (20, 25, 30):
        im = Image.fromarray(block)
        scale = height / im.height
        im = im.resize((max(1, round(im.width * scale)), height), Image.LANCZOS)
        ImageOps.expand(im, 15, fill=255).save(stem.with_suffix(".png"))
        text = subprocess.run(["tesseract", str(stem.with_suffix(".png")), "-", "-l", "eng", "--psm", "7", "-c",
                               "tessedit_char_whitelist=0123456789"], capture_output=True, text=True, env=env).stdout
        text = "".join(text.split())
        if re.fullmatch(r"\d{1,3}", text):
            reads.append(text)
    return max(reads, key=lambda r: (reads.count(r), len(r)), default="")


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
