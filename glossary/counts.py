"""A glossary's counts, part by part: the map step of a glossary built over a large corpus.

What `pairing.extract` does for every aligned unit (words, term candidates, their nesting, the
English written forms, short and long forms) depends on that unit's text alone, and what it counts
over the units is a sum. So it can be done where each part of the corpus is (a batch's worker, for
the pair it has just aligned) and written down (`write_counts`: one small gzipped JSON-lines file),
and the counts of all the parts merged later (`Merger`) into exactly what counting all units
in one go gives — the same numbers, and the same first-seen order of keys, which decides ties —
when the parts are merged in the order of their units. What needs the whole corpus (termhood,
association, linking, entries) is then done once, in `pairing.pair_extracted`, reading each unit's
candidates back from the files (`unit_candidates`) one file at a time.

The file: a header line (format, version, number of units, `digest` of the units' texts), a line
with the part's summed counts, then one line per unit with its candidates' keys and token spans.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from align.errors import InputError
from glossary.candidates.termhood import Nesting
from glossary.candidates.zh import Occurrence
from glossary.model import Unit
from glossary.pairing import Extracted, UnitCandidates, extract

COUNTS_FILE = "glossary-counts.jsonl.gz"
FORMAT = "bitext-glossary-counts"
VERSION = 2  # raise when what extract() counts or this format changes: files of another version are not used


def digest(texts: Iterable[tuple[str, str]]) -> str:
    """What identifies a run of units for the counts: their Chinese and English texts, in order
    (all that extract() reads of a unit)."""
    h = hashlib.sha256()
    for zh, en in texts:
        h.update(zh.encode("utf-8"))
        h.update(b"\x00")
        h.update(en.encode("utf-8"))
        h.update(b"\x01")
    return h.hexdigest()


def write_counts(units: list[Unit], path: str | Path) -> Path:
    """Count `units` (extract) and write the counts to `path` (through a temporary file).

    Lines: the header; the candidates of each language in the order first seen (the units refer
    to them by number); the summed counts; one line per unit, [Chinese, English], each a list of
    [candidate number, start, end, start, end ...]."""
    path = Path(path)
    ex = extract(units)
    header = {"format": FORMAT, "version": VERSION, "units": len(units), "digest": digest((u.zh, u.en) for u in units)}
    keys = {"zh": list(ex.zh_nesting.freq), "en": list(ex.en_nesting.freq)}
    number = {lang: {k: n for n, k in enumerate(ks)} for lang, ks in keys.items()}
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=5) as f:
            f.write(_line(header))
            f.write(_line(keys))
            f.write(_line(_totals(ex, number)))
            for zocc, eocc in zip(ex.zh, ex.en):
                f.write(_line([_spans(zocc, number["zh"]), _spans(eocc, number["en"])]))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def read_header(path: str | Path) -> dict | None:
    """The header of a counts file, or None when it is missing, damaged or of another version."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            header = json.loads(f.readline())
    except (OSError, ValueError, EOFError):
        return None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
        return None
    return header


class Merger:
    """Merges the counts of files into one `Extracted`, file after file, as if their units were
    counted in that order (dictionaries keep the order keys were first seen, as counting does).
    Where a candidate sits inside longer ones (the bulk of the counts) is kept as the files write it
    until `result`, which decodes it only for the candidates frequent enough to be looked at
    (termhood reads it for those alone)."""

    def __init__(self) -> None:
        self.ex = Extracted()
        self.inside: dict[str, dict[str, Counter]] = {"zh": {}, "en": {}}

    def add(self, path: str | Path) -> int:
        """Add one file's summed counts; returns its number of units."""
        with _open(path) as f:
            header = json.loads(f.readline())
            keys = json.loads(f.readline())
            totals = json.loads(f.readline())
        ex = self.ex
        for lang, nesting in (("zh", ex.zh_nesting), ("en", ex.en_nesting)):
            ks, d = keys[lang], totals[lang]
            freq, parts, free, capital = nesting.freq, nesting.parts, nesting.free, nesting.capital
            zh_parts = d.get("parts")
            for n, k in enumerate(ks):
                freq[k] += d["freq"][n]
                # the same rule as extract(): one cut of a phrase, the smallest, whatever the order
                p = tuple(zh_parts[n].split("\x1e")) if zh_parts is not None else tuple(k.split())
                if k not in parts or p < parts[k]:
                    parts[k] = p
                if d["free"][n]:
                    free[k] += d["free"][n]
                if d["capital"][n]:
                    capital[k] += d["capital"][n]
            inside = self.inside[lang]
            for n, by in d["inside"]:
                k = ks[n]
                counter = inside.get(k)
                if counter is None:
                    inside[k] = Counter(by)
                else:
                    _add(counter, by)
        for name in ("en_surface", "en_initial"):
            target = getattr(ex, name)
            for n, counts in totals[name]:
                _add(target[keys["en"][n]], counts)
        for name in ("zh_long", "en_long"):
            target = getattr(ex, name)
            for key, counts in totals[name].items():
                _add(target[key], counts)
        ex.instruments.update(totals["instruments"])
        return int(header["units"])

    def result(self, min_freq: int) -> Extracted:
        """The merged counts; `min_freq` as in pairing.Settings (candidates rarer are never paired)."""
        for lang, nesting in (("zh", self.ex.zh_nesting), ("en", self.ex.en_nesting)):
            for k, by in self.inside[lang].items():
                if nesting.freq[k] >= min_freq:
                    nesting.inside[k] = Counter({_decode(code): n for code, n in by.items()})
            self.inside[lang] = {}
        return self.ex


def unit_candidates(path: str | Path) -> Iterator[UnitCandidates]:
    """Each unit's candidates (key -> occurrences with their token spans), in order, read back."""
    with _open(path) as f:
        f.readline()
        keys = json.loads(f.readline())
        f.readline()
        zk, ek = keys["zh"], keys["en"]
        for line in f:
            zspans, espans = json.loads(line)
            yield _occurrences(zspans, zk), _occurrences(espans, ek)


# ------------------------------------------------------------------------------------- the format


def _line(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


def _open(path: str | Path):
    try:
        return gzip.open(path, "rt", encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read glossary counts ({e})", Path(path)) from None


def _spans(occs: Mapping[str, list[Occurrence]], number: Mapping[str, int]) -> list:
    return [[number[k], *(n for o in lst for n in (o.start, o.end))] for k, lst in occs.items()]


def _occurrences(spans: list, keys: list[str]) -> dict[str, list[Occurrence]]:
    out = {}
    for row in spans:
        k = keys[row[0]]
        out[k] = [Occurrence(k, "", row[i], row[i + 1]) for i in range(1, len(row), 2)]
    return out


def _totals(ex: Extracted, number: Mapping[str, Mapping[str, int]]) -> dict:
    return {
        "zh": _nesting_json(ex.zh_nesting, number["zh"]),
        "en": _nesting_json(ex.en_nesting, number["en"]),
        "en_surface": [[number["en"][k], dict(c)] for k, c in ex.en_surface.items()],
        "en_initial": [[number["en"][k], dict(c)] for k, c in ex.en_initial.items()],
        "zh_long": {k: dict(c) for k, c in ex.zh_long.items()},
        "en_long": {k: dict(c) for k, c in ex.en_long.items()},
        "instruments": sorted(ex.instruments),
    }


def _nesting_json(n: Nesting, number: Mapping[str, int]) -> dict:
    """Lists in the order of the candidates (English words are the key's, so not written)."""
    out = {
        "freq": [n.freq[k] for k in number],
        "free": [n.free.get(k, 0) for k in number],
        "capital": [n.capital.get(k, 0) for k in number],
        "inside": [[number[k], {_encode(containers): count for containers, count in by.items()}]
                   for k, by in n.inside.items()],
    }
    if n.lang == "zh":
        out["parts"] = ["\x1e".join(n.parts[k]) for k in number]
    return out


# A set of containers (longer key, words it adds left, words it adds right) as one string: fields
# cut by \x1f, words by \x1e, containers (sorted) by \x1d. Candidates and words never hold these.
def _encode(containers: frozenset) -> str:
    return "\x1d".join(sorted("\x1f".join((key, "\x1e".join(left), "\x1e".join(right)))
                              for key, left, right in containers))


def _decode(code: str) -> frozenset:
    out = []
    for c in code.split("\x1d") if code else ():
        key, left, right = c.split("\x1f")
        out.append((key, tuple(left.split("\x1e")) if left else (), tuple(right.split("\x1e")) if right else ()))
    return frozenset(out)


def _add(counter: Counter, counts: Mapping[str, int]) -> None:
    for k, v in counts.items():
        counter[k] += v
