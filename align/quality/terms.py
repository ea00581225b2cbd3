"""Terminology: glossary terms a translation must use, and terms it must not.

A `Term` is what the check needs of a glossary entry: its Chinese and English forms and whether it
is approved (use it) or forbidden (a deprecated form: never use it). The glossary package loads
them from glossary.sqlite or TBX (`glossary.check_terms`); the `name` check builds them from the
names list bitext ships (`align.quality.names`).

`PhraseFinder` finds the forms of many terms in a text at once, the way a translator reads it:
Chinese by longest match (毒品和犯罪问题办公室 is one term, not 办公室 inside it), English word by
word, ignoring case, hyphens and plural -s (Member State = Member States), acronyms (WHO, AU) in
capitals only, so "who" and "au" are no terms. UN English refers to a body named once by its head
noun ("the Council", "the Commission"), so those count as the English of a named body too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from align.model import Flag

APPROVED = "approved"
FORBIDDEN = "forbidden"


@dataclass(frozen=True)
class Term:
    zh: tuple[str, ...]  # Chinese forms, the main one first
    en: tuple[str, ...]  # English forms, the main one first
    status: str = APPROVED  # approved: use it; forbidden: a deprecated form nobody should use
    source: str = ""  # where it comes from: a glossary file, "names list"
    kind: str = ""  # body, country, concept ... (glossary kinds; names use country and body)
    note: str = ""
    use: tuple[str, ...] = ()  # for a forbidden term: the approved forms to use instead


# ---------------------------------------------------------------- English words

_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=[A-Za-z])'s\b")
_TITLE = re.compile(r"《([^《》]*)》")
_FUNCTION = {"of", "on", "for", "against", "to", "in", "the", "with", "at", "by"}
# The head nouns of UN names that texts use alone for a body or instrument named before.
_HEADS = {"Assembly", "Council", "Commission", "Committee", "Subcommittee", "Court", "Tribunal", "Office", "Fund",
          "Programme", "Organization", "Agency", "Union", "Conference", "Bank", "Entity", "Secretariat", "Charter",
          "Convention", "Declaration", "Protocol", "Treaty", "Covenant", "Statute", "Agreement", "Group", "Forum",
          "Board", "Mission", "Panel", "Institute", "Centre", "Department", "Division", "Authority", "Unit", "Force",
          "Bureau", "Platform", "Plan", "Facility", "Initiative", "Operation", "Network", "Alliance", "Partnership"}


def _fold(text: str) -> str:
    """Accents off (Türkiye = Turkiye, Côte = Cote), typographic apostrophes plain."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _nfkc(text: str) -> str:
    """(Cached: the term and the name check each read the same Chinese.)"""
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[tuple[str, str], ...]:
    """(stem, as printed) of every word; a possessive 's is no word (Children's Fund = Children Fund).
    (Cached: the term and name checks read each text more than once.)"""
    printed, stems, _, _ = _word_keys(text)
    return tuple(zip(stems, printed))


@lru_cache(maxsize=4096)
def _word_keys(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """The words of a text as printed, their stems, in lower case, and the set of stems and lower
    cases: where a text has none of the words a form starts with, a finder need not read it."""
    text = _fold(text)
    printed = tuple(_WORD.findall(_POSSESSIVE.sub("", text) if "'" in text else text))
    stems = tuple(map(_stem, printed))
    lowers = tuple(map(str.lower, printed))
    return printed, stems, lowers, frozenset(stems).union(lowers)


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(form.split()) == 1 and len(letters) >= 2 and all(c.isupper() for c in letters)


def _inverted(form: str) -> str | None:
    """UN English says a plural compound both ways: Member States / States Members (of the United
    Nations)."""
    words = form.split()
    if len(words) == 2 and words[1].endswith("s") and not words[0].endswith("s") and all(map(_capital, words)):
        return f"{words[1]} {words[0]}s"
    return None


def _near_miss(form: str) -> re.Pattern | None:
    """The name with another head noun: Security Committee, Commission on Narcotics Drugs is not
    one, Committee on Crime Prevention and Criminal Justice is."""
    words = form.split()
    heads = [i for i, w in enumerate(words) if w.strip(",") in _HEADS]
    if len(words) < 2 or not heads:
        return None
    i = heads[0] if words[heads[0]].strip(",") != words[-1] or len(heads) == 1 else heads[-1]
    head = words[i].strip(",")
    before = r"\s+".join(map(re.escape, words[:i]))
    after = r"\s+".join(map(re.escape, words[i + 1:]))
    other = rf"(?!{re.escape(head)}\b)[A-Z][a-z]+"
    parts = [p for p in (before, other, after) if p]
    return re.compile(r"\b" + r"\s+".join(parts) + r"\b")


def head_references(form: str) -> list[str]:
    """How a UN text refers again to a body it has named: by its head noun with "the", alone or
    with the words before it: Security Council -> the Council; Advisory Committee on Administrative
    and Budgetary Questions -> the Committee, the Advisory Committee. Only for capitalised names
    of two or more words."""
    words = [w.strip(",") for w in form.split()]
    if len(words) < 2 or not _capital(words[0]):
        return []
    name: list[str] = []
    for w in words:
        if w.lower() in _FUNCTION:
            break
        if w != "and" and not _capital(w):
            return []
        name.append(w)
    while name and name[-1] == "and":
        name.pop()
    if not name or name[-1] not in _HEADS:
        return []
    refs = [f"the {name[-1]}"]
    if len(name) > 1 and len(name) < len(words):  # "the Advisory Committee" (not the whole name again)
        refs.append("the " + " ".join(name))
    return refs


_BODY_AFTER = ("委员会", "理事会", "驻")
# Head nouns of the English names of other kinds of meetings: 大会 is also a conference.
_OTHER_BODY = re.compile(r"\b(?:[Cc]onferences?|[Cc]ongress(?:es)?|[Mm]eetings?|[Ss]ummits?|[Cc]onventions?)\b")


# ---------------------------------------------------------------- the finder


class PhraseFinder:
    """The forms of many terms, found in texts: `zh(text)` and `en(text)` give {term index: forms found}.

    Chinese: at each position the longest form wins and is consumed, so a short form inside a
    longer one is not found again; `blockers` are words that contain a form without meaning it
    (发展中国家 contains 中国) and are consumed the same way."""

    def __init__(self, terms: list[Term], blockers: tuple[str, ...] = (), heads: bool = True):
        self.terms = terms
        self._zh: dict[str, dict[str, list[int]]] = {}  # first two characters -> form -> terms
        self._en: dict[str, dict[tuple[tuple, bool], tuple[str, list[int]]]] = {}
        self.heads: dict[int, re.Pattern] = {}
        self.near: dict[int, re.Pattern] = {}
        for k, t in enumerate(terms):
            for form in t.zh:
                self._add_zh(form, k)
            for form in t.en:
                self._add_en(form, k)
                inverted = _inverted(form)
                if inverted:
                    self._add_en(inverted, k)
            refs = head_references(t.en[0]) if heads and t.en else []
            if refs:
                # "the Commission", "the Organized Crime Convention" (words of its own name before the
                # head), but not "the Commission on Narcotic Drugs", another body's full name.
                own = sorted({w for f in t.en for w in re.findall(r"[A-Z][\w-]*", f)} - {"United", "Nations"})
                words = rf"(?:(?:{'|'.join(map(re.escape, own))})\s+){{0,4}}" if own else ""
                self.heads[k] = re.compile(rf"\b[Tt]he {words}(?:" + "|".join(re.escape(r[4:]) for r in refs)
                                           + r")\b(?!\s+(?:on|of|for|against|to|in)\s+(?:the\s+)?[A-Z])")
            near = _near_miss(t.en[0]) if heads and t.en else None
            if near:
                self.near[k] = near
        for b in blockers:
            self._add_zh(b, None)
        # All Chinese forms in one pattern, grouped by their first two characters and longest first:
        # scanning a text with it finds at each place the longest form, and goes on after it.
        self._zh_forms = {f: ks for forms in self._zh.values() for f, ks in forms.items()}
        self._zh_re = re.compile("|".join(
            re.escape(key) + "(?:" + "|".join(re.escape(f[2:]) for f in sorted(forms, key=len, reverse=True)) + ")"
            for key, forms in sorted(self._zh.items()))) if self._zh else None
        self._en_sorted = {key: sorted(((k, e, f, ks) for (k, e), (f, ks) in forms.items()), key=lambda x: -len(x[0]))
                           for key, forms in self._en.items()}
        self._en_keys = frozenset(self._en_sorted)

    def _add_zh(self, form: str, k: int | None) -> None:
        form = unicodedata.normalize("NFKC", form).strip()
        if len(form) >= 2:
            ks = self._zh.setdefault(form[:2], {}).setdefault(form, [])
            if k is not None and k not in ks:
                ks.append(k)

    def _add_en(self, form: str, k: int) -> None:
        words = _words(form)
        if not words:
            return
        exact = _is_acronym(form)
        # Capitals in a name must be capitals in the text: "member States" of another organization
        # are not the UN's Member States.
        key = tuple(p for _, p in words) if exact else tuple((w, _capital(p)) for w, p in words)
        first = key[0].lower() if exact else key[0][0]
        _, ks = self._en.setdefault(first, {}).setdefault((key, exact), (form, []))
        if k not in ks:
            ks.append(k)

    def zh(self, text: str, in_titles: bool = False) -> dict[int, list[str]]:
        """`in_titles`: every form, also inside a longer title in 《》 or a longer name (an English name
        that holds the term, "Protocol ... supplementing the United Nations Convention against ...",
        "African Union Commission", has its Chinese there)."""
        return self._zh_both(text)[1 if in_titles else 0]

    @lru_cache(maxsize=4096)  # noqa: B019 (a finder lives as long as a check run; its texts repeat)
    def _zh_both(self, text: str) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        text = _nfkc(text)
        found: dict[int, list[str]] = {}
        loose: dict[int, list[str]] = {}
        if self._zh_re is None:
            return found, loose
        # Inside a title in 《》 a form is part of another name (《日内瓦可持续住房联合国宪章》 is not the
        # Charter), unless it is the whole title.
        titles = [(m.start(1), m.end(1), m.group(1)) for m in _TITLE.finditer(text)] if "《" in text else []
        for m in self._zh_re.finditer(text):
            i, form = m.start(), m.group(0)
            ks = self._zh_forms[form]
            inside = next((t for a, b, t in titles if a <= i and i + len(form) <= b), None)
            # 副秘书长 is an Under- or Assistant Secretary-General, not the Secretary-General; a name
            # followed by a body's head is part of that body's name: 欧洲联盟委员会 is the European
            # Commission, 欧洲联盟驻科法治团 EULEX, 世界人口基金会 a foundation.
            deputy = i > 0 and text[i - 1] == "副"
            after = text[i + len(form):i + len(form) + 3]
            part_of = after.startswith(_BODY_AFTER) or (form.endswith("基金") and after.startswith("会"))
            for k in ks:
                loose.setdefault(k, []).append(form)
                if (inside is None or inside == form) and not deputy and not part_of:
                    found.setdefault(k, []).append(form)
        return found, loose

    @lru_cache(maxsize=4096)  # noqa: B019 (as above)
    def en(self, text: str, strict_case: bool = True) -> dict[int, list[str]]:
        """`strict_case`: a capital in a form must be a capital in the text."""
        found: dict[int, list[str]] = {}
        _, stems, lowers, keys = _word_keys(text)
        starts = self._en_keys.intersection(keys)
        if not starts:
            return found
        words = _words(text)
        n, after_last = len(words), 0
        # Only the places where a form can start, left to right; what a form found covers is skipped.
        for i in [i for i, (stem, lower) in enumerate(zip(stems, lowers)) if stem in starts or lower in starts]:
            if i < after_last:
                continue
            stem, printed = words[i]
            best = None
            candidates = self._en_sorted.get(stem, [])
            if printed.lower() != stem:
                candidates = candidates + self._en_sorted.get(printed.lower(), [])
            for key, exact, form, ks in candidates:
                size = len(key)
                if i + size > n or (best is not None and size <= best[0]):
                    continue
                if exact:
                    same = tuple(p for _, p in words[i:i + size]) == key
                elif words[i + size - 1][0] != key[-1][0]:  # the last word first: it rules most candidates out
                    continue
                else:
                    span = words[i:i + size]
                    same = all(w == kw and (_capital(p) or not cap or not strict_case)
                               for (w, p), (kw, cap) in zip(span, key))
                if same:
                    best = (size, ks, form)
            if best is None:
                continue
            # "LCBC Member States", "IAEA Member States": the members of that organization
            owned = strict_case and i > 0 and _is_acronym(words[i - 1][1]) and len(words[i - 1][1]) >= 3
            if not owned:
                for k in best[1]:
                    found.setdefault(k, []).append(best[2])
            after_last = i + best[0]
        return found

    def inside(self, k: int, text: str) -> bool:
        """Term k's English is in the text inside a longer name (the Secretary-General in "Special
        Representative of the Secretary-General")."""
        folded = _fold(text).lower()
        return any(re.search(rf"\b{re.escape(_fold(f).lower())}\b", folded) for f in self.terms[k].en)

    def near_miss(self, k: int, text: str) -> bool:
        """The text names term k with another head noun ("Security Committee")."""
        near = self.near.get(k)
        return near is not None and near.search(_fold(text)) is not None

    def other_body(self, k: int, text: str) -> bool:
        """The text names a conference or meeting, or another body with term k's head noun (the GEF
        Assembly where the term is the General Assembly)."""
        if _OTHER_BODY.search(text):
            return True
        refs = head_references(self.terms[k].en[0]) if self.terms[k].en else []
        head = refs[0][4:] if refs else None
        if head is None:
            return False
        name = self.terms[k].en[0]
        return any(m.group(0) not in name for m in re.finditer(rf"\b[A-Z][A-Za-z]*\s+{re.escape(head)}\b", text))

    def has_head(self, k: int, text: str) -> bool:
        """The text refers to term k's body by its head noun ("the Council"), and does not name it
        wrongly elsewhere ("Security Committee resolution 2182 ..., by which the Council decided")."""
        ref = self.heads.get(k)
        if ref is None or ref.search(_fold(text)) is None:
            return False
        return not self.near_miss(k, text)


# ---------------------------------------------------------------- the check


def _quote(forms: tuple[str, ...] | list[str], limit: int = 3) -> str:
    shown = [f"“{f}”" for f in list(dict.fromkeys(forms))[:limit]]
    return " or ".join(shown)


def _zh_forms(forms: tuple[str, ...] | list[str], limit: int = 3) -> str:
    return " or ".join(list(dict.fromkeys(forms))[:limit])


def _source(t: Term) -> str:
    return f" ({t.source})" if t.source else ""


class TermCheck:
    """The `term` flag: an approved term on one side whose forms the other side lacks, or a
    forbidden (deprecated) term used."""

    code = "term"

    def __init__(self, terms: list[Term]):
        self.terms = list(terms)
        self.finder = PhraseFinder(self.terms)
        # For a forbidden form, the approved term that says the same (sharing a Chinese form).
        approved_by_zh: dict[str, int] = {}
        for k, t in enumerate(self.terms):
            if t.status == APPROVED:
                for f in t.zh:
                    approved_by_zh.setdefault(f, k)
        self.approved_zh = set(approved_by_zh)
        approved_by_en = {f: k for k, t in enumerate(self.terms) if t.status == APPROVED for f in t.en}
        self.instead = {k: next((approved_by_zh[f] for f in t.zh if f in approved_by_zh),
                                next((approved_by_en[f] for f in t.use if f in approved_by_en), None))
                        for k, t in enumerate(self.terms) if t.status != APPROVED}

    def __len__(self) -> int:
        return len(self.terms)

    def check(self, zh_text: str, en_text: str) -> list[Flag]:
        zh = self.finder.zh(zh_text)
        zh_titles = self.finder.zh(zh_text, in_titles=True)
        # Chinese to English: 秘书处 is any secretariat, so "the secretariat" of a convention will do;
        # English to Chinese: only the capitalised name is the UN's (Member States, not member States).
        en_any = self.finder.en(en_text, strict_case=False)
        en = self.finder.en(en_text)
        flags = []
        # A deprecated English form used where an approved term is due: one finding, not two.
        replaced = {self.instead.get(k) for k in en_any if self.terms[k].status != APPROVED}
        for k in sorted(set(zh) | set(en)):
            t = self.terms[k]
            if t.status != APPROVED:
                used = [("English", f"“{f}”") for f in en.get(k, [])] + \
                       [("Chinese", f) for f in zh.get(k, []) if f not in self.approved_zh]
                if used:
                    side, form = used[0]
                    better = self.instead.get(k)
                    hint = ""
                    if t.use:
                        hint = f"; use {_quote(t.use) if side == 'English' else _zh_forms(t.use)}"
                    elif better is not None:
                        good = self.terms[better]
                        hint = f"; use {_quote(good.en) if side == 'English' else _zh_forms(good.zh)}"
                    flags.append(Flag(self.code, f"the {side} uses {form}, marked {t.status}{_source(t)}{hint}"))
                continue
            if k in zh:
                # Approved terms that share a Chinese form are alternatives: any of their English will do.
                same_zh = [j for j in zh if self.terms[j].status == APPROVED and set(zh[j]) & set(zh[k])]
                # A two-character form (大会) also names other bodies (缔约方大会, 世界减灾大会, the GEF
                # Assembly): where the English names another conference or assembly, and not this
                # name with another head ("General Conference" for the General Assembly), it is that.
                other = (all(len(f) <= 2 for f in zh[k]) and self.finder.other_body(k, en_text)
                         and not self.finder.near_miss(k, en_text))
                if (k not in replaced and not other
                        and not any(j in en_any or self.finder.has_head(j, en_text) or self.finder.inside(j, en_text)
                                    for j in same_zh)):
                    flags.append(Flag(self.code, f"glossary term {zh[k][0]}: the English does not use the approved "
                                                 f"{_quote(t.en)}{_source(t)}"))
            elif (k in en and k in en_any  # as a whole: "sustainable development goals" is another term
                  and not any(j in zh_titles for j in en if set(en[j]) & set(en[k]))):
                flags.append(Flag(self.code, f"glossary term “{en[k][0]}”: the Chinese does not use the approved "
                                             f"{_zh_forms(t.zh)}{_source(t)}"))
        return flags
