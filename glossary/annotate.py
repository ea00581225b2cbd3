"""The glossary's terms in a new document, before it is translated.

The document is segmented like any other (`align.documents.segment`), so every find carries the UN
paragraph id it was found in. Terms are found longest first (`find_terms`, the one place text is
matched): a longer entry always wins over an entry inside it, and a match that would cut a word
the glossary does not know (几内亚 inside 几内亚湾, "Forum" inside "Development Cooperation
Forum") is not proposed. Chinese is matched on characters within jieba's word boundaries, English
on word keys (case and plural folded, as the glossary counts them).

What is proposed:

- the glossary's entries: approved ones always; unapproved ones scoring at least `min_score`, or
  imported from a reference; never rejected ones. Words of one or two characters (工作, 提供,
  合作) only when approved or a known short form (东盟, 欧盟), and entries whose English is one
  lower-case word (一部分 / part) only when approved or imported, since most are everyday words;
- the document's own term candidates that no entry covers — names of bodies, programmes,
  instruments and titles, and UN vocabulary — looked up in the aligned pairs the glossary was built
  from (`glossary.lookup`): a term the corpus holds once still gets its English, marked weak;
- places (countries, regions, cities) apart from terminology, and only when asked (`places=True`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from align.documents.segment import segment_file
from align.script import fold, has_cjk
from glossary.candidates import en as candidates_en
from glossary.candidates import zh as candidates_zh
from glossary.kinds import CLOSED_NAME_ZH, NAME_HEAD_ZH, NAMES, classify
from glossary.lexicon import user_words
from glossary.lookup import Proposal, lookup_many
from glossary.model import MIN_SCORE, Entry
from glossary.store import Store, normalise, rank

_BARE_HEAD = re.compile(r"^(?:委员会|理事会|公约|议定书|办公室|办事处|秘书处|组织|小组|机构|方案|会议|大会|宣言|宪章|"
                        r"条约|协定|法院|法庭|论坛|工作组|特派团|代表团|主席|主任)$")
_JOINING = frozenset("和及与、或")
_COUNTED = re.compile(r"^[两一二三四五六七八九十几各每]+[个项名位家]?")
_SCOPE_NOTE = re.compile(r"\([^)]*\)$")  # "technical services (libraries)": a thesaurus's sense of its own
# What the corpus pairs with a sentence's wording rather than a term: a light verb and its object
# (采取行动 / take action) or an evaluative adjective and its noun (重要作用 / important role).
_PHRASE_EN = re.compile(r"^(?:take|taking|make|making|give|giving|play|playing|carry|pay|raise|important|significant|"
                        r"great|crucial|vital|essential|necessary|appropriate|relevant|various|further)\b", re.I)


@dataclass
class Finding:
    term: str  # as the glossary has it (or as the document writes it, for a term found by lookup)
    lang: str
    entries: list[Entry]  # proposed equivalents come from these, best first
    count: int = 0
    paragraphs: list[str] = field(default_factory=list)
    surfaces: set[str] = field(default_factory=set)  # as written in the document
    proposals: list[Proposal] = field(default_factory=list)  # from the aligned pairs, when no entry has it
    kind: str = ""

    def suggestions(self) -> list[str]:
        """The other language's terms, best entry first, no repeats."""
        out: list[str] = []
        other = "en" if self.lang == "zh" else "zh"
        for e in self.entries:
            for t in e.terms(other):
                if t not in out:
                    out.append(t)
        for p in self.proposals:
            if p.text not in out:
                out.append(p.text)
        return out

    @property
    def evidence(self) -> str:
        """Where the equivalent comes from: "glossary", "reference: NAME", or "corpus, N pairs" (weak)."""
        if self.entries:
            e = self.entries[0]
            if e.status == "approved":
                return "approved" + (f" ({e.source})" if e.source else "")
            return f"reference: {e.source}" if e.origin == "import" and not e.frequency else "glossary"
        p = self.proposals[0]
        return f"corpus, {p.pairs} pair{'s' if p.pairs != 1 else ''}" + (", weak" if p.strength == "weak" else "")


@dataclass
class Annotation:
    source: str
    lang: str
    symbol: str | None
    findings: list[Finding]
    blocks: list[tuple[str, str]]  # (block id, text) for the HTML view
    places: list[Finding] = field(default_factory=list)


@dataclass
class TermIndex:
    """The glossary's terms of one language, as `find_terms` matches them."""

    lang: str
    ids: dict[str, list[int]]  # normalised term (English: word key) -> entry ids, best first
    max_len: int



def _worth_proposing(e: Entry, term: str, vouched: bool = False) -> bool:
    """Everyday words are left out unless a terminologist or a reference vouches for them: a Chinese
    term of one or two characters is proposed only when approved, a short form of a longer entry's
    name (东盟, 欧盟) or an acronym entry; an entry whose English is one lower-case word (一部分 /
    part, 非正式 / informal, 重要性 / importance) only when approved or imported from a reference,
    and a name's head alone (委员会, 公约, 办公室) only when approved
    (恐怖主义 / terrorism is a UNBIS descriptor; and a reference that has the term vouches for the
    English the texts taught: 人道主义 / humanitarian before the thesaurus's humanism)."""
    if e.status == "approved" or e.kind == "place":  # places are listed apart, and only when asked for
        return True
    if e.origin == "import" and _SCOPE_NOTE.search(e.en):
        return False  # the thesaurus sense "technical services (libraries)" is rarely the document's
    if has_cjk(term) and len(term) <= 2 and not (e.kind == "acronym" or (term != e.zh and len(e.zh) > len(term))):
        return False
    if e.kind == "concept" and " " not in e.en.strip() and not e.en[:1].isupper() and e.origin != "import" \
            and not vouched:
        return False
    if e.origin != "import" and term == e.zh and _BARE_HEAD.match(term):
        return False  # 委员会, 公约, 办公室 alone: "the Commission" of the sentence before, not a term
    if e.origin != "import" and e.kind == "concept" and _PHRASE_EN.match(e.en):
        return False
    return True


def term_index(store: Store, lang: str, min_score: float) -> TermIndex:
    rows = store.conn.execute(
        "SELECT t.norm, t.text, t.entry_id, e.zh, e.en, e.kind, e.status, e.origin, e.score, e.frequency "
        "FROM terms t JOIN entries e ON e.id = t.entry_id "
        "WHERE t.lang = ? AND t.status != 'deprecated' AND e.status != 'rejected' "
        "AND (e.status = 'approved' OR e.score >= ? OR e.origin = 'import')", (lang, min_score)).fetchall()
    ids: dict[str, list[Entry]] = {}
    for norm, text, entry_id, zh, en, kind, status, origin, score, frequency in rows:
        k = fold(norm) if lang == "zh" else candidates_en.key(candidates_en.tokens(text))
        lst = ids.setdefault(k, [])
        if k and all(e.id != entry_id for e in lst):
            lst.append(Entry(zh=zh, en=en, kind=kind, status=status, origin=origin, score=score, frequency=frequency,
                             id=entry_id))
    out: dict[str, list[int]] = {}
    for k, lst in ids.items():
        vouched = any(e.origin == "import" for e in lst)
        keep = [e for e in lst if _worth_proposing(e, k, vouched)]
        if keep:
            out[k] = [e.id for e in sorted(keep, key=rank)]
    max_len = max((len(k) if lang == "zh" else len(k.split()) for k in out), default=0)
    return TermIndex(lang, out, max_len)


def find_terms(text: str, index: TermIndex) -> list[tuple[str, str, int, int]]:
    """The glossary's terms in `text`, longest first from the left: (key, surface, start, end) with
    character offsets for Chinese and token offsets for English. The one place annotate matches
    text (a folding of Traditional characters, say, goes here)."""
    if index.lang == "zh":
        return _find_zh(text, index)
    return _find_en(text, index)


def _find_zh(text: str, index: TermIndex) -> list[tuple[str, str, int, int]]:
    norm = fold(normalise(text))  # a term matches in either script; the surface is the document's own
    if len(norm) != len(text):  # NFKC changed the length (rare): match without the word check
        return [(k, k, i, j) for k, i, j in _greedy(norm, index, None)]
    bounds = _word_bounds(norm)  # words of the folded text: Traditional text is cut as its Simplified would be
    return [(k, text[i:j], i, j) for k, i, j in _greedy(norm, index, bounds)]


def _greedy(norm: str, index: TermIndex, bounds: set[int] | None) -> list[tuple[str, int, int]]:
    found = []
    i = 0
    while i < len(norm):
        for n in range(min(index.max_len, len(norm) - i), 1, -1):
            piece = norm[i : i + n]
            if piece in index.ids and (bounds is None or (i in bounds and i + n in bounds)):
                found.append((piece, i, i + n))
                i += n
                break
        else:
            i += 1
    return found


def _word_bounds(text: str) -> set[int]:
    """Character offsets where a jieba word (of the glossary's dictionary) starts or ends."""
    bounds = {0, len(text)}
    words = candidates_zh.words(text)
    for start, word in zip(_offsets(text, words), words, strict=True):
        if start >= 0:
            bounds.update((start, start + len(word)))
    return bounds


def _find_en(text: str, index: TermIndex) -> list[tuple[str, str, int, int]]:
    toks = candidates_en.tokens(text)
    found = []
    i = 0
    while i < len(toks):
        for n in range(min(index.max_len, len(toks) - i), 0, -1):
            k = candidates_en.key(toks[i : i + n])
            if k in index.ids and not candidates_en.cuts_name(toks, i, i + n):
                found.append((k, " ".join(toks[i : i + n]), i, i + n))
                i += n
                break
        else:
            i += 1
    return found


def annotate(store: Store, path: str | Path, lang: str | None = None, min_score: float = MIN_SCORE,
             places: bool = False, corpus: bool = True, embeddings: bool = True) -> Annotation:
    """Glossary terms (and, with `corpus`, terms the aligned pairs give an equivalent for) in the
    document at `path`: names first, then other terms, each group in order of first appearance;
    places apart."""
    doc = segment_file(path, lang)
    index = term_index(store, doc.lang, min_score)
    lexicon = frozenset(user_words())
    matches: dict[str, list[tuple[str, str, int, int]]] = {}
    names: dict[str, list[tuple[int, int, str, bool]]] = {}
    # Chinese is matched in Simplified script (a Traditional text folded, character for character);
    # what a finding shows is the document's own spelling.
    simplified = {b.id: _folded(b.text) for b in doc.blocks} if doc.lang == "zh" else {}
    for block in doc.blocks:
        matches[block.id] = find_terms(block.text, index)
        if doc.lang == "zh":
            names[block.id] = _names_to_look_up(simplified[block.id], lexicon, index, matches[block.id])
    findings: dict[str, Finding] = {}
    looked_up = _look_up(store, doc, names, findings, embeddings) if corpus and names else {}
    for block in doc.blocks:
        longer = [(a, b) for a, b, _, _ in names.get(block.id, [])]
        for k, surface, start, end in matches[block.id]:
            if any(a <= start and end <= b for a, b in looked_up.get(block.id, [])):
                continue  # inside a name the corpus gave an equivalent for (联合国反腐败公约, not 反腐败公约)
            if doc.lang == "zh" and (_inside_a_longer_name(fold(surface), start, end, longer, simplified[block.id])
                                     or _counted_subject(fold(surface), start, simplified[block.id])):
                continue
            f = findings.get(k)
            if f is None:
                f = findings[k] = Finding(term=k, lang=doc.lang, entries=store.load(index.ids[k]))
                main = f.entries[0].terms(doc.lang)
                f.term = next((t for t in main if fold(normalise(t)) == k or candidates_en.key(t.split()) == k),
                              surface)
                f.kind = f.entries[0].kind
            _count(f, block.id, surface)
    for k in [k for k, f in findings.items() if f.entries and _contradicted(store, f)]:
        del findings[k]
    found = list(findings.values())
    terms = [f for f in found if f.kind != "place"]
    terms.sort(key=lambda f: f.kind not in NAMES)  # stable: names first, each in order of appearance
    order = {b.id: n for n, b in enumerate(doc.blocks)}
    terms.sort(key=lambda f: (f.kind not in NAMES, order.get(f.paragraphs[0], 0) if f.paragraphs else 0))
    return Annotation(str(path), doc.lang, doc.symbol, terms, [(b.id, b.text) for b in doc.blocks],
                      [f for f in found if f.kind == "place"] if places else [])


def _folded(text: str) -> str:
    """The text in Simplified script, where folding keeps every character in place (it nearly always
    does); else the text as it is."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text


def _contradicted(store: Store, f: Finding) -> bool:
    """A reference candidate (not approved) that the aligned pairs contradict: they hold the term,
    never with its English (专业人员 / professional workers, 安全管理 / security management: the
    thesaurus's sense, not the one UN texts use)."""
    if any(e.origin != "import" or e.status == "approved" or e.frequency for e in f.entries):
        return False
    held = store.search_units(f.term, "zh", limit=50)
    if not held:
        return False
    english = [t.lower().rstrip("s") for e in f.entries for t in e.terms("en")]
    return not any(t in u.en.lower() for u in held for t in english)


def _count(f: Finding, block_id: str, surface: str) -> None:
    f.count += 1
    f.surfaces.add(surface)
    if block_id not in f.paragraphs:
        f.paragraphs.append(block_id)


def _names_to_look_up(text: str, lexicon: frozenset[str], index: TermIndex,
                      matches: list[tuple[str, str, int, int]]) -> list[tuple[int, int, str, bool]]:
    """(start, end, term, in book marks) of the names and UN terms of a Chinese text that the
    glossary does not have, longest first, none inside another: those outside every glossary term,
    and those that hold glossary terms whole (联合国反腐败公约 around 反腐败公约, a protocol's title
    around 议定书) — not those that would cut one in two."""
    toks = candidates_zh.words(text)
    offsets = _offsets(text, toks)
    occs = candidates_zh.candidates(toks)
    titles = {o.key for o in occs if o.instrument}
    spans = []
    for o in occs:
        if offsets[o.start] < 0 or normalise(o.key) in index.ids or not _looks_like_a_term(o.key, lexicon, titles):
            continue
        start = offsets[o.start]
        end = start + len(o.surface) if o.instrument else offsets[o.end - 1] + len(toks[o.end - 1])
        if any(a < end and start < b and not (start <= a and b <= end) for _, _, a, b in matches):
            continue  # would cut a glossary term
        spans.append((start, end, o.key, o.key in titles))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    taken: list[tuple[int, int, str, bool]] = []
    for span in spans:
        if not any(a < span[1] and span[0] < b for a, b, _, _ in taken):
            taken.append(span)
    return taken


def _look_up(store: Store, doc, names: dict[str, list[tuple[int, int, str, bool]]],
             findings: dict[str, Finding], embeddings: bool) -> dict[str, list[tuple[int, int]]]:
    """Look the document's names and terms the glossary lacks up in the aligned pairs; those that
    get a good enough equivalent become findings. Returns their spans, by block."""
    where: dict[str, list[tuple[str, int, int]]] = {}
    instruments: set[str] = set()
    for block in doc.blocks:
        for start, end, key, title in names.get(block.id, []):
            where.setdefault(key, []).append((block.id, start, end))
            if title:
                instruments.add(key)
    if not where:
        return {}
    spans: dict[str, list[tuple[int, int]]] = {}
    texts = {b.id: b.text for b in doc.blocks}
    for result in lookup_many(store, list(where), "zh", limit=1, embeddings=embeddings, units=20, strict=True):
        corpus = [p for p in result.proposals if p.how == "corpus"]
        if result.proposals and not corpus:
            best = _seen_seldom(result.proposals[0])
            if best is None:
                continue  # an entry has it (below the score threshold): not proposed here either
        elif not corpus or corpus[0].score < 0.5:
            continue
        else:
            best = corpus[0]
        f = findings[result.term] = Finding(term=result.term, lang="zh", entries=[], proposals=[best])
        f.kind = classify(result.term, best.text, result.term in instruments, candidates_en.is_acronym(best.text))
        for block_id, start, end in where[result.term]:
            _count(f, block_id, texts[block_id][start:end])
            spans.setdefault(block_id, []).append((start, end))
    return spans


def _seen_seldom(p: Proposal) -> Proposal | None:
    """A learnt entry from one aligned pair (a name the corpus holds once, see `glossary.rare`) is
    what that pair says about the term, as a corpus proposal would be: shown as such, weak."""
    e = p.entry
    if p.how != "entry" or e is None or e.status != "candidate" or e.origin != "build" or e.frequency != 1:
        return None
    return Proposal(p.text, "corpus", "weak", p.score, 1, context=p.context)


def _offsets(text: str, toks: list[str]) -> list[int]:
    offsets, pos = [], 0
    for t in toks:
        start = text.find(t, pos)
        offsets.append(start)
        pos = start + len(t) if start >= 0 else pos
    return offsets



def _inside_a_longer_name(surface: str, start: int, end: int, longer: list[tuple[int, int]], text: str) -> bool:
    """A glossary term that is only part of a longer name or term of the document, which the
    glossary does not have, is not proposed on its own (the longer one is looked up instead): a
    short word (管理局 in 政府间发展管理局, 议定书 in a protocol's title), the generic end of a more
    specific name (机构间小组 in 少年司法问题机构间小组, 咨询小组 in 人权咨询小组), or the start of
    one that adds its head (维持和平行动 in 维持和平行动部, 和平研究 in 和平研究所); nor a term that
    names the agent of a longer word (政策制定 in 政策制定者)."""
    if text[end : end + 1] == "者":
        return True
    short = len(surface) <= 3 and len(candidates_zh.words(surface)) == 1
    for a, b in longer:
        if (a, b) == (start, end) or not (a <= start and end <= b):
            continue
        if (a < start and text[start - 1] in _JOINING) or (end < b and text[end] in _JOINING):
            continue  # 联合检查组和内部监督事务厅: two names side by side, not one inside the other
        if short or b == end or (a == start and not CLOSED_NAME_ZH.search(surface)):
            return True
        if CLOSED_NAME_ZH.fullmatch(text[end:b]) and not CLOSED_NAME_ZH.search(surface):
            return True  # 秘书处维持和平行动部: the name's head follows the term directly

    return False


def _counted_subject(surface: str, start: int, text: str) -> bool:
    """A term read across a counted noun and its verb: 国家执行 (national implementation) in
    在 26 个国家执行 49 个项目 (projects carried out in 26 countries)."""
    if not text[:start].rstrip().endswith("个"):
        return False
    words = candidates_zh.words(surface)
    return len(words) > 1 and candidates_zh.is_verb(words[-1])


def _coordination(term: str) -> bool:
    """Two nouns joined by 和 (项目和方案 / projects and programmes), not a name: the second is a bare
    name head, the first one word (毒品和犯罪问题办公室 and 经济和社会理事会 are names)."""
    words = candidates_zh.words(term)
    return len(words) == 3 and words[1] in _JOINING and bool(_BARE_HEAD.match(words[2]))


def _looks_like_a_term(term: str, lexicon: frozenset[str], titles: set[str]) -> bool:
    """What a translator wants an equivalent for: a name (…委员会, …公约, …方案, …办公室, a title
    in 《》), or UN vocabulary of three characters or more."""
    if term in titles:
        return True
    if _COUNTED.match(term) or _coordination(term):
        return False  # 两个委员会: two of something, not a name
    if 4 <= len(term) <= 16 and NAME_HEAD_ZH.search(term):
        verbs = sum(1 for w in candidates_zh.words(term) if candidates_zh.is_verb(w))
        return verbs <= 2  # 打击人口贩运机构间协调小组; not 协助会员国制定并执行各种政策应对有组织
    return len(term) >= 3 and term in lexicon



def to_html(a: Annotation) -> str:
    """A page a translator can keep open: the document with its glossary terms marked (the
    proposed equivalents in a tooltip; weak ones from the corpus in a paler colour), and the list."""
    esc = html.escape
    marked = [*a.findings, *a.places]
    by_surface = sorted({s: f for f in marked for s in f.surfaces}.items(), key=lambda kv: -len(kv[0]))
    rows = []
    for f in marked:
        rows.append(f"<tr><td>{esc(f.term)}</td><td>{esc('; '.join(f.suggestions()))}</td>"
                    f"<td>{esc(f.kind)}</td><td>{esc(f.evidence)}</td><td class=n>{f.count}</td>"
                    f"<td>{', '.join(f'<a href=#{esc(b)}>{esc(b)}</a>' for b in f.paragraphs)}</td></tr>")
    body = []
    for block_id, text in a.blocks:
        body.append(f"<p id='{esc(block_id)}'><span class=id>{esc(block_id)}</span> {_mark(text, by_surface)}</p>")
    title = esc(a.symbol or Path(a.source).name)
    return f"""<!DOCTYPE html>
<html lang="{a.lang}"><head><meta charset="utf-8"><title>Glossary terms in {title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em auto; max-width: 60em; line-height: 1.6; }}
table {{ border-collapse: collapse; margin-bottom: 2em; }} td, th {{ border-bottom: 1px solid #ddd;
padding: .2em .6em; text-align: left; vertical-align: top; }} td.n {{ text-align: right; }}
td:first-child {{ white-space: nowrap; }} mark {{ background: #fff2a8; }} mark.weak {{ background: #eef3d8; }}
mark.place {{ background: #e3eefc; }}
.id {{ color: #888; font-size: .8em; margin-right: .5em; }}
</style></head><body>
<h1>Glossary terms in {title}</h1>
<p>{len(a.findings)} terms found{f' and {len(a.places)} places' if a.places else ''}. Hover a marked term for the
equivalents the glossary proposes; pale marks are weak evidence from the aligned corpus.</p>
<table><tr><th>term</th><th>proposed</th><th>kind</th><th>evidence</th><th>count</th><th>paragraphs</th></tr>
{chr(10).join(rows)}
</table>
{chr(10).join(body)}
</body></html>
"""


def _mark(text: str, by_surface: list) -> str:
    """Escape `text` and wrap glossary terms (longest first) in <mark title="equivalents">."""
    if not by_surface:
        return html.escape(text)
    finding = dict(by_surface)
    pattern = re.compile("|".join(re.escape(s) for s, _ in by_surface if s))
    out, last = [], 0
    for m in pattern.finditer(text):
        f = finding[m.group(0)]
        tip = html.escape("; ".join(f.suggestions()))
        cls = " class=place" if f.kind == "place" else (" class=weak" if "weak" in f.evidence else "")
        out.append(html.escape(text[last : m.start()]) + f"<mark{cls} title='{tip}'>{html.escape(m.group(0))}</mark>")
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
