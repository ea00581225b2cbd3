"""Which files of an archive make a zh–en pair: by UN symbol and language, the way the document
services name files, by folder, by a `pairs.tsv` the user gives, or by the symbol in the masthead.

Recognised (extensions .txt, .docx, .pdf; language codes in any case):

- `E_CN.7_2012_2-ZH.pdf` / `E_CN.7_2012_2-EN.pdf` (ODS download names), also `_ZH`;
- `A_70_1_C.docx` / `A_70_1_E.docx` (one letter: A Arabic, C Chinese, E English, F French,
  R Russian, S Spanish);
- `E_CN.7_2012_2.zh.txt` / `.en.txt` (bitext's own naming);
- `zh.txt` / `en.pdf` inside one folder (the bundled corpora): the folder names the pair;
- `…/zh/NAME.pdf` + `…/en/NAME.pdf` (a folder per language, also `chinese/`, `english/`, `ZH/`);
- any other name (`N1529189.pdf`, a job number): the file is read, its symbol taken from the
  masthead and its language detected (`identify`, run on the workers);
- `pairs.tsv` (in an input folder, or `--pairs FILE`): `zh_file<TAB>en_file[<TAB>name]` per line,
  paths relative to the TSV file; these files are not paired any other way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from align.documents.furniture import is_symbol_line
from align.errors import InputError
from align.files import read_utf8

DOC_SUFFIXES = (".txt", ".docx", ".pdf")
LANG_CODES = {"zh": "zh", "ch": "zh", "cn": "zh", "chi": "zh", "en": "en", "eng": "en", "fr": "fr", "ru": "ru",
              "es": "es", "ar": "ar"}
ONE_LETTER = {"A": "ar", "C": "zh", "E": "en", "F": "fr", "R": "ru", "S": "es"}
LANG_FOLDERS = {"zh": "zh", "zh-cn": "zh", "zh-hans": "zh", "chinese": "zh", "ch": "zh", "en": "en",
                "english": "en", "fr": "fr", "french": "fr", "ru": "ru", "russian": "ru", "es": "es",
                "spanish": "es", "ar": "ar", "arabic": "ar"}
NAMES = {"zh": "Chinese", "en": "English"}
# Which file is aligned when one document comes in several formats: Word keeps the numbering,
# a text file is what a user prepared, PDF is what extraction has to repair.
FORMAT_ORDER = {".docx": 0, ".txt": 1, ".pdf": 2}

_DASH_LANG = re.compile(r"^(?P<stem>.+?)[-_](?P<lang>zh|en|fr|ru|es|ar|ch|cn)$", re.IGNORECASE)
_DOT_LANG = re.compile(r"^(?P<stem>.+?)\.(?P<lang>zh|en|fr|ru|es|ar)(?:-[A-Za-z]+)?$", re.IGNORECASE)
_LETTER_LANG = re.compile(r"^(?P<stem>.+)_(?P<lang>[ACEFRS])$")


@dataclass
class DocFile:
    """One document of the archive and what is known of it."""

    path: Path
    lang: str | None = None
    symbol: str | None = None  # "E/CN.7/2012/2"
    key: str | None = None  # what its pair shares: the symbol, or a folder
    name: str | None = None  # the pair's output folder
    how: str = "file name"  # file name, folder, masthead, pairs.tsv


@dataclass
class Pair:
    name: str  # the output folder under OUT_DIR: the symbol with / as _ (E_CN.7_2012_2), or a folder name
    symbol: str | None
    zh: Path
    en: Path
    how: str = "file name"


@dataclass
class Unpaired:
    path: Path
    reason: str


@dataclass
class Discovery:
    pairs: list[Pair] = field(default_factory=list)
    unpaired: list[Unpaired] = field(default_factory=list)
    other_languages: int = 0  # French, Russian... versions: not aligned here


def symbol_from_stem(stem: str) -> str | None:
    """E_CN.7_2012_2 -> E/CN.7/2012/2; A_79_797-S_2025_109 -> A/79/797-S/2025/109; None if it is no symbol."""
    if "_" not in stem:
        return None
    candidate = stem.replace("_", "/")
    return candidate if is_symbol_line(candidate) else None


def folder_name(symbol: str) -> str:
    return symbol.replace("/", "_").replace(" ", "_")


def parse_name(path: Path) -> DocFile:
    """What a file's name (and its folder) says: language and symbol, either possibly None."""
    doc = DocFile(path)
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    # archive/zh/sub/X.pdf + archive/en/sub/X.pdf: the nearest folder named for a language
    lang_at = next((k for k, part in enumerate(path.parts[:-1][::-1][:4]) if part.lower() in LANG_FOLDERS), None)
    folder_lang = LANG_FOLDERS[path.parts[-2 - lang_at].lower()] if lang_at is not None else None
    if stem.lower() in ("zh", "en", "fr", "ru", "es", "ar", "zh-hans", "zh-cn"):  # corpora/udhr/zh.txt
        doc.lang = LANG_CODES.get(stem.lower()[:2], stem.lower()[:2])
        doc.key, doc.name, doc.how = f"dir:{path.parent.resolve()}", path.parent.name, "folder"
        return doc
    for pattern, table in ((_DASH_LANG, LANG_CODES), (_DOT_LANG, LANG_CODES), (_LETTER_LANG, ONE_LETTER)):
        m = pattern.match(stem)
        if not m:
            continue
        code = m.group("lang")
        lang = table.get(code if table is ONE_LETTER else code.lower())
        symbol = symbol_from_stem(m.group("stem"))
        if lang and (symbol or table is not ONE_LETTER):
            doc.lang, doc.symbol = lang, symbol
            stem = m.group("stem")
            break
    if doc.symbol is None:
        doc.symbol = symbol_from_stem(stem)
    if folder_lang and doc.lang is None:  # archive/zh/X.pdf + archive/en/X.pdf
        doc.lang, doc.how = folder_lang, "folder"
        if doc.symbol is None:
            parts = list(path.resolve().parts)
            parts[-2 - lang_at] = "*"
            doc.key = "dir:" + "/".join(parts[:-1] + [stem.lower()])
            doc.name = stem
    if doc.symbol:
        doc.key, doc.name = doc.symbol.upper(), folder_name(doc.symbol)
    return doc


def read_pairs_tsv(path: Path) -> list[Pair]:
    """`zh_file<TAB>en_file[<TAB>name]` per line ('#' comments, an optional `zh en` header line)."""
    text = read_utf8(path)
    pairs = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if n == 1 and [c.lower() for c in cells[:2]] == ["zh", "en"]:
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise InputError(f"line {n}: expected zh_file<TAB>en_file[<TAB>name]", path)
        zh, en = (path.parent / cells[0]), (path.parent / cells[1])
        for p in (zh, en):
            if not p.is_file():
                raise InputError(f"line {n}: no such file {p}", path)
        name = cells[2] if len(cells) > 2 and cells[2] else None
        symbol = symbol_from_stem(name.replace("/", "_")) if name else None
        if name is None:
            parsed = parse_name(en)
            symbol = parsed.symbol or parse_name(zh).symbol
            name = folder_name(symbol) if symbol else en.stem
        pairs.append(Pair(folder_name(name), symbol, zh, en, "pairs.tsv"))
    return pairs


def list_files(inputs: Iterable[Path], exclude: Path | None = None) -> list[Path]:
    """Every document file under the inputs (files given directly count too), sorted, without
    hidden files and folders and without anything inside `exclude` (the output folder)."""
    out: set[Path] = set()
    ex = exclude.resolve() if exclude else None
    for root in inputs:
        if not root.exists():
            raise InputError("no such file or folder", root)
        candidates = [root] if root.is_file() else root.rglob("*")
        for p in candidates:
            if p.suffix.lower() not in DOC_SUFFIXES or not p.is_file():
                continue
            rel = p.relative_to(root) if root.is_dir() else Path(p.name)
            if any(part.startswith(".") for part in rel.parts):
                continue
            if ex and (p.resolve() == ex or ex in p.resolve().parents):
                continue
            out.add(p)
    return sorted(out)


def discover(inputs: list[Path], exclude: Path | None = None, pairs_file: Path | None = None,
             identify: Callable[[list[Path]], dict[Path, tuple[str | None, str | None]]] | None = None,
             ) -> Discovery:
    """Find the zh–en pairs under `inputs`. `identify(paths)` reads files whose names say too
    little and returns {path: (lang, symbol)} (None when it cannot be read)."""
    listed: list[Pair] = []
    tsvs = [pairs_file] if pairs_file else []
    tsvs += [p / "pairs.tsv" for p in inputs if p.is_dir() and (p / "pairs.tsv").is_file()]
    for tsv in tsvs:
        listed.extend(read_pairs_tsv(tsv))
    taken = {p.resolve() for pair in listed for p in (pair.zh, pair.en)}
    docs = [parse_name(p) for p in list_files(inputs, exclude) if p.resolve() not in taken]
    unknown = [d for d in docs if d.key is None or d.lang is None]
    if unknown and identify is not None:
        found = identify([d.path for d in unknown])
        for d in unknown:
            lang, symbol = found.get(d.path) or (None, None)
            d.lang = d.lang or lang
            if d.key is None and symbol:
                d.symbol, d.key, d.name, d.how = symbol, symbol.upper(), folder_name(symbol), "masthead"
    result = Discovery(pairs=list(listed))
    groups: dict[str, list[DocFile]] = {}
    for d in docs:
        if d.key is None or d.lang is None:
            what = "no UN symbol in its name or masthead" if d.lang else "its language could not be told"
            result.unpaired.append(Unpaired(d.path, f"{what}; name it SYMBOL-ZH.pdf / SYMBOL-EN.pdf or list it "
                                                    "in pairs.tsv"))
            continue
        groups.setdefault(d.key, []).append(d)
    for _key, group in groups.items():
        zh = sorted((d for d in group if d.lang == "zh"), key=_preference)
        en = sorted((d for d in group if d.lang == "en"), key=_preference)
        result.other_languages += sum(1 for d in group if d.lang not in ("zh", "en"))
        if zh and en:
            z, e = _best_match(zh, en)
            result.pairs.append(Pair(e.name or z.name or e.path.stem, e.symbol or z.symbol, z.path, e.path,
                                     e.how if e.how == z.how else f"{z.how} + {e.how}"))
            for d in zh + en:
                if d is not z and d is not e:
                    used = z if d.lang == "zh" else e
                    result.unpaired.append(Unpaired(d.path, f"another {NAMES[d.lang]} file of the same document is "
                                                            f"aligned: {used.path}"))
        else:
            for d in zh + en:
                missing = "English original" if d.lang == "zh" else "Chinese version"
                label = d.symbol or d.name
                result.unpaired.append(Unpaired(d.path, f"no {missing} of {label} found"))
    _unique_names(result.pairs)
    result.pairs.sort(key=lambda p: p.name)
    result.unpaired.sort(key=lambda u: str(u.path))
    return result


def _preference(d: DocFile) -> tuple[int, str]:
    return FORMAT_ORDER.get(d.path.suffix.lower(), 9), str(d.path)


def _best_match(zh: list[DocFile], en: list[DocFile]) -> tuple[DocFile, DocFile]:
    """The same format on both sides if there is one (the preferred), else each side's preferred."""
    for z in zh:
        for e in en:
            if z.path.suffix.lower() == e.path.suffix.lower():
                return z, e
    return zh[0], en[0]


def _unique_names(pairs: list[Pair]) -> None:
    """Two pairs never share an output folder: later ones get -2, -3 ..."""
    seen: dict[str, int] = {}
    for p in sorted(pairs, key=lambda p: (p.name.lower(), str(p.zh))):
        key = p.name.lower()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            p.name = f"{p.name}-{seen[key]}"
