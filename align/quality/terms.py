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

SHORT = 2  # Chinese forms this short (大会, 会员国, 秘书处) have other senses too: see TermCheck.learn
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


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def _words(text: str) -> list[tuple[str, str]]:
    """(stem, as printed) of every word; a possessive 's is no word (Children's Fund = Children Fund)."""
    text = re.sub(r"(?<=[A-Za-z])'s\b", "", _fold(text))
    return [(_stem(m.group(0)), m.group(0)) for m in _WORD.finditer(text)]


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


# Characters that stand before a name without being part of it: prepositions, verbs of address.
_BEFORE_NAMES = set("向在为由经据请与和及同对给让使被将把从于即但并或、的是促呼吁提交告知报建请及")
_CJK = re.compile(r"[\u3400-\u9fff\d]")
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
                self.heads[k] = re.compile(r"\b[Tt]he (?:" + "|".join(re.escape(r[4:]) for r in refs) + r")\b")
        for b in blockers:
            self._add_zh(b, None)
        self._zh_sorted = {key: sorted(forms.items(), key=lambda f: -len(f[0])) for key, forms in self._zh.items()}
        self._en_sorted = {key: sorted(((k, e, f, ks) for (k, e), (f, ks) in forms.items()), key=lambda x: -len(x[0]))
                           for key, forms in self._en.items()}

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

    def zh_compound(self, text: str, form: str) -> bool:
        """Every occurrence of this (short) form in the text ends a longer word: 缔约方大会, 世界减灾大会,
        2012年大会, not 向大会 or 大会第六十九届会议."""
        text = unicodedata.normalize("NFKC", text)
        spots = [m.start() for m in re.finditer(re.escape(form), text)]
        return bool(spots) and all(i > 0 and _CJK.match(text[i - 1]) and text[i - 1] not in _BEFORE_NAMES
                                   for i in spots)

    def zh(self, text: str) -> dict[int, list[str]]:
        text = unicodedata.normalize("NFKC", text)
        found: dict[int, list[str]] = {}
        # Inside a title in 《》 a form is part of another name (《日内瓦可持续住房联合国宪章》 is not the
        # Charter), unless it is the whole title.
        titles = [(m.start(1), m.end(1), m.group(1)) for m in re.finditer(r"《([^《》]*)》", text)]
        i, n = 0, len(text)
        while i < n - 1:
            forms = self._zh_sorted.get(text[i:i + 2])
            hit = next(((f, ks) for f, ks in forms if text.startswith(f, i)), None) if forms else None
            if hit is None:
                i += 1
                continue
            form, ks = hit
            inside = next((t for a, b, t in titles if a <= i and i + len(form) <= b), None)
            if inside is None or inside == form:
                for k in ks:
                    found.setdefault(k, []).append(form)
            i += len(form)
        return found

    def en(self, text: str, strict_case: bool = True) -> dict[int, list[str]]:
        """`strict_case`: a capital in a form must be a capital in the text."""
        words = _words(text)
        found: dict[int, list[str]] = {}
        i, n = 0, len(words)
        while i < n:
            stem, printed = words[i]
            best = None
            candidates = self._en_sorted.get(stem, [])
            if printed.lower() != stem:
                candidates = candidates + self._en_sorted.get(printed.lower(), [])
            for key, exact, form, ks in candidates:
                size = len(key)
                if i + size > n or (best is not None and size <= best[0]):
                    continue
                span = words[i:i + size]
                if exact:
                    same = tuple(p for _, p in span) == key
                else:
                    same = all(w == kw and (_capital(p) or not cap or not strict_case)
                               for (w, p), (kw, cap) in zip(span, key))
                if same:
                    best = (size, ks, form)
            if best is None:
                i += 1
                continue
            for k in best[1]:
                found.setdefault(k, []).append(best[2])
            i += best[0]
        return found

    def has_head(self, k: int, text: str) -> bool:
        ref = self.heads.get(k)
        return ref is not None and ref.search(_fold(text)) is not None


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

    def learn(self, pairs: list[tuple[str, str]]) -> None:
        """How a document uses its short Chinese terms. 大会 is the General Assembly in one report
        and a conference (缔约方大会, 世界减灾大会) in another: a form of one or two characters is
        checked only where the document uses it in the glossary's sense, that is where at least
        half of the other segments that have it show the approved English too."""
        self.usage: dict[tuple[int, str], list[int]] = {}
        for zh_text, en_text in pairs:
            zh = self.finder.zh(zh_text)
            if not any(len(f) <= SHORT for forms in zh.values() for f in forms):
                continue
            en = self.finder.en(en_text, strict_case=False)
            for k, forms in zh.items():
                ok = k in en or self.finder.has_head(k, en_text)
                for f in set(forms):
                    if len(f) <= SHORT:
                        seen = self.usage.setdefault((k, f), [0, 0])
                        seen[0] += 1
                        seen[1] += ok

    def _in_sense(self, k: int, forms: list[str]) -> bool:
        """This segment's forms of term k can be checked: one is long enough to be unambiguous, or
        the document uses the short one in the glossary's sense elsewhere (see `learn`)."""
        if any(len(f) > SHORT for f in forms) or not hasattr(self, "usage"):
            return True
        for f in set(forms):
            seen, ok = self.usage.get((k, f), (1, 0))
            others, others_ok = seen - 1, ok  # this segment itself has the form without the English
            if others_ok >= 1 and others_ok >= 0.5 * others:
                return True
        return False

    def check(self, zh_text: str, en_text: str) -> list[Flag]:
        zh = self.finder.zh(zh_text)
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
                # A short form ending a longer Chinese word, where the English names a conference or
                # meeting: the word is another body's name (缔约方大会 = Conference of the Parties).
                compound = (all(len(f) <= 2 for f in zh[k]) and _OTHER_BODY.search(en_text) is not None
                            and all(self.finder.zh_compound(zh_text, f) for f in set(zh[k])))
                if (k not in replaced and not compound and self._in_sense(k, zh[k])
                        and not any(j in en_any or self.finder.has_head(j, en_text) for j in same_zh)):
                    flags.append(Flag(self.code, f"glossary term {zh[k][0]}: the English does not use the approved "
                                                 f"{_quote(t.en)}{_source(t)}"))
            elif (k in en and k in en_any  # as a whole: "sustainable development goals" is another term
                  and not any(j in zh for j in en if set(en[j]) & set(en[k]))):
                flags.append(Flag(self.code, f"glossary term “{en[k][0]}”: the Chinese does not use the approved "
                                             f"{_zh_forms(t.zh)}{_source(t)}"))
        return flags
