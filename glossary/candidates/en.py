"""English term candidates: noun-phrase-like n-grams bounded by stopwords, and acronyms with the
long forms the text itself spells out.

Tokens come from sacremoses (escape=False) with UN document symbols (A/RES/70/1, E/CN.7/2012/2) and
resolution numbers (54/14) protected, so they never break into pieces that look like words. An
n-gram may hold connecting words inside (Commission on the Status of Women, Convention against
Corruption) but not at its ends, and it is not allowed to cut a capitalised name in two: "Office
on Drugs and Crime" is no candidate where the text says "United Nations Office on Drugs and Crime".
"""

from __future__ import annotations

import re
from functools import lru_cache

from align.aligner.lexical import EN_STOPWORDS
from glossary.candidates.zh import Occurrence

PROTECTED = (
    r"\b[A-Z]{1,4}(?:/[A-Z0-9][A-Za-z0-9.\-]*)+",  # document symbols: A/RES/70/1, E/CN.7/2012/2
    r"\b\d+(?:/\d+)+\b",  # resolution and decision numbers: 54/14, 2011/34
)
# Words that may stand inside a term but never at its ends.
CONNECTORS = frozenset("of on and for against the a an in to with from by at 's or between among under into "
                       "through towards upon within without over after all".split())
# Capitalised by UN style inside common-noun terms (nuclear-weapon States, States parties).
_UN_CAPITALS = frozenset("State States Party Parties Government Governments Member Members".split())
# A name continues across these when a capitalised word follows (Office of the High Commissioner).
_NAME_LINKS = frozenset("of for on against 's".split())
_NAME_LINKS_THE = frozenset("for on against".split())
# ... and these only when a place follows: "Permanent Mission of Argentina to the United Nations".
_PLACE_LINKS = frozenset("in to".split())
# Skipped between a name's parts: "Notification of a Nuclear Accident", "Elimination of all Forms".
_SKIPPED = frozenset("a an all".split())
STOPWORDS = EN_STOPWORDS | frozenset(
    """mr mrs ms dr per via among amongst within without whereas thereof therein hereby such including
    include includes included i we you he she they me us him them my our your his her their its one two
    three four five six seven eight nine ten also well however although though since yet already still
    every many much several various certain further furthermore moreover thus therefore hence
    especially particular particularly namely e.g. i.e. etc para paras see inter alia""".split()
)
# The verbs that open the paragraphs of UN resolutions ("Encourages Member States ..."): a term
# never starts with one.
OPENING_VERBS = frozenset(
    """encourage encourages encouraged invite invites invited urge urges urged call calls called request
    requests requested decide decides decided reaffirm reaffirms reaffirmed reaffirming recall recalls
    recalled recalling welcome welcomes welcomed welcoming stress stresses stressed stressing emphasize
    emphasizes emphasized emphasizing recognize recognizes recognized recognizing express expresses
    expressed expressing underline underlines underlined acknowledge acknowledges acknowledged commend
    commends commended affirm affirms affirmed condemn condemns condemned deplore deplores noting notes
    taking bearing having mindful convinced concerned deeply
    provided adopted held made taken given received submitted conducted undertaken infringed violated
    prepared considered""".split()
)
_WORD = re.compile(r"^[A-Za-z][A-Za-z\-]*[A-Za-z]$|^[A-Z]$|^(?:post|pre)-\d{4}$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ACRONYM = re.compile(r"^(?:[A-Z][A-Z0-9&]*[A-Z0-9](?:s)?|[A-Z]{2,}-[A-Z][a-z]+|[A-Z][a-z]+-[A-Z]{2,})$")
_MONTHS = (
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday"
).split()
_NOISE = re.compile(
    r"\b(?:" + "|".join(_MONTHS) + r")\b|"
    r"\b(?:\w+-)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\s+(?:session|meeting|year)s?\b|"
    r"\b\w*(?:tieth|teenth)\b|\b(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-\w+|"
    r"\b(?:hundred|thousand|million|billion|percent|per cent)\b",
    re.IGNORECASE,
)

MAX_TOKENS = 20  # the Joint Convention on the Safety of Spent Fuel Management and on the Safety of ... has 17
MAX_PHRASE = 6  # longer candidates must be names: every word capitalised but the connecting ones
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.?|[A-Z]\.|[()•\-–.])$")
# The heads a name with a comma inside ends on (not a list of countries: "Angola, Burundi and Chad").
_NAME_HEADS = re.compile(r"^(?:Organization|Organisation|Rights|Commission|Committee|Council|Convention|Covenant|"
                         r"Conference|Programme|Fund|Agency|Office|Institute|Centre|Union|Protocol|Declaration|Air)$")
_ITEM_LETTER = re.compile(r"^(?:[a-z]{1,2}|[ivx]{1,5})$")


@lru_cache(maxsize=1)
def _moses():
    from sacremoses import MosesTokenizer

    return MosesTokenizer(lang="en")


def tokens(text: str) -> list[str]:
    return _moses().tokenize(text, escape=False, protected_patterns=list(PROTECTED))


def is_acronym(token: str) -> bool:
    return bool(_ACRONYM.match(token)) and sum(c.isupper() for c in token) >= 2


def is_word(token: str) -> bool:
    return bool(_WORD.match(token)) or is_acronym(token)


def _is_stop(token: str) -> bool:
    """A word no term begins or ends with: function words, and the words that connect a name's parts."""
    return (token.lower() in STOPWORDS or token in CONNECTORS) and not is_acronym(token)


def _capitalised(token: str) -> bool:
    return token[:1].isupper() and is_word(token) and not _is_stop(token)


def key(words: list[str]) -> str:
    """Counting key: lower case and singular, except acronyms (WHO is not "who"), so that Member
    State and Member States, non-governmental organization(s), are counted as one term."""
    return " ".join(_singular_acronym(w) if is_acronym(w) else singular(w.lower()) for w in words)


def singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


def _singular_acronym(word: str) -> str:
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word


def is_noise(term: str) -> bool:
    return bool(_NOISE.search(term))


def cuts_name(toks: list[str], i: int, j: int) -> bool:
    """True when tokens[i:j] starts or ends inside a longer capitalised name: next to a capitalised
    word, or to "of"/"on"/"for"/"against" leading to one ("on the", "for the" too: Commission on the
    Status of Women has no candidate "Status of Women" and no "Commission"). "of the" is left
    alone, so that "Security Council" still counts in "President of the Security Council", and so
    is "of"/"for"/"in"/"to" followed by a place: the "Permanent Mission" of Argentina, the "Special
    Representative" for Iraq."""
    if i > 0 and _capitalised(toks[i]):
        k = i - 1
        if k > 0 and _capitalised(toks[k]):
            return True
        if (toks[k] == "the" and k >= 2 and toks[k - 1] in _NAME_LINKS_THE) or (toks[k] in _SKIPPED and k >= 2):
            k -= 1
        if k >= 1 and toks[k] in _NAME_LINKS and _capitalised(toks[k - 1]):
            return True
    if _capitalised(toks[j - 1]) and j < len(toks):
        if _capitalised(toks[j]):
            return True
        if toks[j] in _NAME_LINKS or toks[j] in _PLACE_LINKS:
            k = j + 1
            if k < len(toks) - 1 and (toks[k] in _SKIPPED or (toks[k] == "the" and toks[j] in _NAME_LINKS_THE)):
                k += 1
            if k < len(toks) and _capitalised(toks[k]):
                return not (toks[j] in _PLACE_LINKS or toks[j] in ("of", "for")) or not starts_place(toks, k)
    return False


@lru_cache(maxsize=1)
def _place_names() -> dict[str, list[tuple[str, ...]]]:
    """First word -> the words of the place names that start with it (Korea -> [(Korea,)], ...)."""
    from glossary.lexicon import places

    out: dict[str, list[tuple[str, ...]]] = {}
    for row in places():
        words = tuple(tokens(row["en"]))
        if words and words[0][:1].isupper():
            out.setdefault(words[0], []).append(words)
    return out


def starts_place(toks: list[str], k: int) -> bool:
    """Does a place name (country, territory, region, city) start at token k?"""
    return any(tuple(toks[k : k + len(w)]) == w for w in _place_names().get(toks[k], ()))


def candidates(toks: list[str]) -> list[Occurrence]:
    out: list[Occurrence] = []
    n = len(toks)
    for i in range(n):
        first = toks[i]
        year = bool(_YEAR.match(first)) and i + 1 < n and _capitalised(toks[i + 1])  # 2010 Review Conference
        if not year and (not is_word(first) or _is_stop(first) or first.lower() in OPENING_VERBS):
            continue
        if first.islower() and 0 < i < n - 1 and toks[i - 1].lower() == "in" and toks[i + 1] in ("with", "of", "to"):
            continue  # "in line with", "in view of", "in order to": no term starts there
        initial = _sentence_initial(toks, i)
        name = True  # every word so far capitalised or connecting: may grow beyond MAX_PHRASE
        comma = False  # a name with a comma: United Nations Educational, Scientific and Cultural Organization
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            last = toks[j - 1]
            if last == "," and name and j - 1 > i and j < n and _capitalised(toks[j - 2]) and _capitalised(toks[j]):
                comma = True
                continue
            if j - 1 > i and not (last in CONNECTORS or (is_word(last) and (not _is_stop(last) or last[0].isupper()))):
                break  # a word that is no term's: "Portugal has ratified", not "Elimination of All Forms"
            if (j - 2 > i and toks[j - 2] in ("and", "or") and last in CONNECTORS and last not in ("the", "a", "an")
                    and not toks[i][:1].isupper()):
                break  # "action plan and in accordance": two phrases, not one term (names may: "... and on the")
            name = name and (last[:1].isupper() or last in CONNECTORS or is_acronym(last) or (year and j - 1 == i))
            if year and j - 1 == i:
                continue  # a year opens a name, never stands alone
            if j - i > MAX_PHRASE and not name:
                break
            if j - i > 1 and (last in OPENING_VERBS or _looks_past_tense(last)) and (
                    _capitalised(toks[j - 2]) or (j < n and toks[j].lower() in _VERB_FOLLOWERS)):
                break  # "Secretary-General submitted the report", "draft decision submitted by": a clause
            if _is_stop(last) or last == "'s" or len(last) < 2 or (j - i > 1 and last in OPENING_VERBS):
                continue  # "Executive Council notes": a sentence, not a term
            words = toks[i:j]
            if first.islower() and any(_capitalised(w) and w not in _UN_CAPITALS for w in words[1:]):
                break  # "report of the Secretary-General": a common noun leading into a name
            if cuts_name(toks, i, j) or (comma and not _NAME_HEADS.search(last)):
                continue
            surface = _join(words)
            if not is_noise(surface):
                out.append(Occurrence(key(words), surface, i, j, initial=initial))
    return out


def _sentence_initial(toks: list[str], i: int) -> bool:
    """Is token i the first word of its sentence (after a paragraph number or item label), where
    every word is capitalised whatever it is?"""
    k = i - 1
    while k >= 0 and (_NUMBERING.match(toks[k]) or (_ITEM_LETTER.match(toks[k]) and k + 1 < len(toks)
                                                     and toks[k + 1] == ")")):
        k -= 1
    return k < 0 or toks[k] in (".", ":", ";", "?", "!", '"', "“")


# After a verb, not after a participle that qualifies a noun ("internally displaced persons").
_VERB_FOLLOWERS = frozenset("the a an its their his her this these that those by in at on to with from for as".split())


def _looks_past_tense(word: str) -> bool:
    return word.islower() and len(word) > 4 and word.endswith("ed") and not word.endswith("eed")


def _join(words: list[str]) -> str:
    return " ".join(words).replace(" 's", "'s").replace(" ,", ",")


def split_terms(text: str) -> list[Occurrence]:
    return candidates(tokens(text))


def long_forms(toks: list[str]) -> list[tuple[str, str]]:
    """(acronym, long form) pairs defined in the text, "United Nations Development Programme (UNDP)",
    found with the Schwartz-Hearst algorithm."""
    pairs = []
    for k in range(1, len(toks) - 2):
        if toks[k] != "(" or toks[k + 2] != ")" or not is_acronym(toks[k + 1]):
            continue
        short = toks[k + 1]
        letters = re.sub(r"[^A-Za-z0-9]", "", short.rstrip("s") if short.endswith("s") and short[:-1].isupper()
                         else short)
        window = min(len(letters) + 5, 2 * len(letters))
        start = k
        while start > 0 and k - start < window and (is_word(toks[start - 1]) or toks[start - 1] in CONNECTORS):
            start -= 1
        words = toks[start:k]
        found = _best_long_form(letters, words)
        if found and not _is_stop(found[0]) and len(found) >= 2:
            pairs.append((short, _join(found)))
    return pairs


def _best_long_form(short: str, words: list[str]) -> list[str] | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left in the long form,
    the first one at the start of a word; return the shortest word sequence that does it."""
    text = " ".join(words)
    s, pos = len(short) - 1, len(text) - 1
    while s >= 0:
        c = short[s].lower()
        while pos >= 0 and (text[pos].lower() != c or (s == 0 and pos > 0 and text[pos - 1].isalnum())):
            pos -= 1
        if pos < 0:
            return None
        pos -= 1
        s -= 1
    start_word = text[: pos + 1].count(" ")
    if pos >= 0 and text[pos] != " ":
        start_word = text[: pos + 1].count(" ")
    return words[start_word:]
