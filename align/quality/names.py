"""Names of countries and UN bodies that do not correspond between the two sides.

The project's names list (`align/data/un_names.tsv`, read by `align.names`) holds the official Chinese and
English short names of the 193 Member States and the two observer States, with their usual
variants (英国 / United Kingdom, 伊朗 / Iran), and the UN organs, bodies, funds and programmes with
their short forms and acronyms (安理会, 开发署 / UNDP).

The finding is a substitution: the Chinese names a country (or body) the English does not, while
the English names another country (or body) the Chinese does not: 乌干达 where the English says
Kenya. A name on one side only is no finding: translations say "the Kenyan authorities" for
肯尼亚当局, "the regime" for 叙利亚政权, "the Mission" for 马里稳定团, and Chinese names of people
and lakes hold country names (特斯法马里亚姆, 乍得湖). Words the English makes from a name (Israeli,
Syrian, Afghan) count as naming it, so "Israeli forces" is no English name left unmatched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.model import Flag
from align.names import un_names
from align.quality.terms import PhraseFinder, Term

# Words that contain a name without meaning it: 发展中国家 (developing countries) holds 中国.
BLOCKERS = ("发展中国家", "中国家", "发达国家")


@lru_cache(maxsize=1)
def load_names() -> tuple[Term, ...]:
    """The countries (Member and observer States) and the UN's bodies and programmes of the names list."""
    return tuple(Term(n.forms("zh"), n.forms("en"), source="names list", kind="country" if n.kind == "country"
                      else "body")
                 for n in un_names() if n.kind in ("country", "body", "programme"))


# Words of a country's name that say nothing of which country it is.
_GENERIC = {"Republic", "Democratic", "United", "State", "States", "Islamic", "Federated", "Plurinational",
            "Bolivarian", "Kingdom", "People's", "Arab", "Saint", "Federation", "Islands", "and", "of", "the",
            "Great", "Britain", "Northern", "Ireland", "America", "Holy", "New", "South", "North", "Central",
            "African", "Equatorial", "Lao", "Union", "Former", "Yugoslav"}


def _stems(t: Term) -> tuple[str, ...]:
    """What the English makes of a country's name: its telling words, cut to five letters, so that
    Israel finds Israeli, Syria Syrian, Afghanistan Afghan, Palestine Palestinian."""
    out = set()
    for form in t.en:
        for w in re.findall(r"[A-Za-z']+", form):
            if w not in _GENERIC and w[:1].isupper() and len(w) >= 4:
                out.add(w[:5] if len(w) > 5 else w[:4])
    return tuple(sorted(out))


class NameCheck:
    code = "name"

    def __init__(self, names: tuple[Term, ...] | None = None):
        self.names = list(names if names is not None else load_names())
        self.finder = PhraseFinder(self.names, BLOCKERS)
        self.stems = [_stems(t) if t.kind == "country" else () for t in self.names]
        owners: dict[str, set[int]] = {}
        for k, stems in enumerate(self.stems):
            for st in stems:
                owners.setdefault(st, set()).add(k)
        self._owners = owners
        # (Every stem starts with a capital: the lookahead lets the scan skip to capitals.)
        stems = "|".join(sorted(map(re.escape, owners), key=len, reverse=True))
        self._stem_re = re.compile(rf"(?=[A-Z])\b({stems})")

    def _mentions(self, en_text: str) -> dict[int, str]:
        """Countries the English names or makes a word from (Israeli, Syrian), with the word: only
        where the word can be one country alone (not Guin-, which four countries share)."""
        out: dict[int, str] = {}
        for m in self._stem_re.finditer(en_text):
            ks = self._owners[m.group(1)]
            if len(ks) == 1:
                word = re.match(r"[A-Za-z']+", en_text[m.start():]).group(0)
                out.setdefault(next(iter(ks)), word)
        return out

    def _mentioned(self, k: int, en_text: str) -> bool:
        return k in self._mentions(en_text)

    def check(self, zh_text: str, en_text: str) -> Flag | None:
        zh = self.finder.zh(zh_text)
        en = self.finder.en(en_text)
        if not zh and not en:
            return None
        mentions = self._mentions(en_text)
        zh_only = [k for k in zh if k not in en and not self.finder.has_head(k, en_text) and k not in mentions]
        en_only = [k for k in en if k not in zh]
        en_only += [k for k in mentions if k not in zh and k not in en_only]
        en = {**{k: [w] for k, w in mentions.items()}, **en}
        for k in zh_only:
            kind = self.names[k].kind
            other = next((j for j in en_only if self.names[j].kind == kind), None)
            if other is None:
                continue
            a, b = self.names[k], self.names[other]
            what = "countries" if kind == "country" else "bodies"
            return Flag(self.code, f"the {what} named differ: the Chinese names {zh[k][0]} ({a.en[0]}), "
                                   f"the English names {en[other][0]} ({b.zh[0]})")
        return None


@lru_cache(maxsize=1)
def shared_name_check() -> NameCheck:
    """One NameCheck over the shipped names per process: building its finder takes longer than
    checking a document's beads."""
    return NameCheck()
