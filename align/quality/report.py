"""The review report: one HTML file a reviewer opens from disk, with no network at all.

Chinese and English side by side, paragraph bead by paragraph bead, the sentence beads inside;
flagged beads highlighted with their reasons; a summary at the top; a filter by flag and a box to
jump to a paragraph id (p24, p12.a) or a bead id (a17). CSS and JavaScript are inline, so the
file can be mailed, archived with the alignment, or opened on a machine with no connection.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from align.files import atomic_open
from align.model import REVIEWED, Alignment, Bead
from align.quality.checks import Summary, summarize
from align.quality.consistency import Group, find_groups
from align.quality.flags import FLAGS
from align.quality.numbers import number_mismatches, reference_mismatches

_CSS = """
:root { --flag: #b3261e; --flag-bg: #fdecea; --ok: #1e6b34; --muted: #5f6368; --line: #d7dbe0; }
* { box-sizing: border-box; }
body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei",
       sans-serif; margin: 0; color: #202124; background: #f6f7f9; }
header { background: #fff; border-bottom: 1px solid var(--line); padding: 1rem 1.5rem; }
h1 { font-size: 1.3rem; margin: 0 0 .3rem; }
.meta { color: var(--muted); font-size: .85rem; margin: 0 0 .8rem; }
.totals { margin: .3rem 0 .8rem; }
table.summary { border-collapse: collapse; font-size: .9rem; }
table.summary th, table.summary td { padding: .2rem .7rem; border-bottom: 1px solid var(--line); text-align: left; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.none { color: var(--muted); }
button.code { font: inherit; border: 1px solid var(--line); background: #fff; border-radius: 4px;
              padding: .05rem .5rem; cursor: pointer; }
tr.has button.code { border-color: var(--flag); color: var(--flag); }
details.worst { margin-top: .8rem; font-size: .9rem; }
details.worst li { margin: .15rem 0; }
nav#controls { position: sticky; top: 0; z-index: 2; background: #fff; border-bottom: 1px solid var(--line);
               padding: .5rem 1.5rem; display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
nav#controls input { width: 8rem; }
#status { color: var(--muted); font-size: .9rem; }
#status.error { color: var(--flag); }
main { padding: 1rem 1.5rem 4rem; }
section.bead { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem; }
section.bead.flagged { border-left: 5px solid var(--flag); }
section.bead.reviewed { border-left: 5px solid var(--ok); }
section.bead.target { outline: 3px solid #1a73e8; }
.head { display: flex; gap: 1rem; align-items: baseline; padding: .4rem .8rem; border-bottom: 1px solid var(--line);
        font-size: .85rem; color: var(--muted); flex-wrap: wrap; }
.head .id { font-weight: 600; color: #202124; }
.pair { display: grid; grid-template-columns: 1fr 1fr; }
.pair > div { padding: .5rem .8rem; }
.pair > .zh { border-right: 1px solid var(--line); }
.zh { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.empty { color: var(--muted); font-style: italic; }
.score { font-variant-numeric: tabular-nums; }
.score.low { color: var(--flag); font-weight: 600; }
ul.flags { list-style: none; margin: 0; padding: .3rem .8rem .5rem; }
ul.flags li { color: var(--flag); font-size: .88rem; margin: .15rem 0; }
ul.flags li.reviewed { color: var(--ok); }
ul.flags li b { font-family: ui-monospace, monospace; }
.sentences { border-top: 1px dashed var(--line); }
.sent { border-bottom: 1px dotted var(--line); font-size: .93rem; }
.sent:last-child { border-bottom: 0; }
.sent .head { border: 0; padding: .2rem .8rem 0; font-size: .78rem; }
.sent.flagged { background: var(--flag-bg); }
.sent.match { box-shadow: inset 4px 0 0 var(--flag); }
.hidden { display: none; }
mark.diff { background: #ffe08a; color: inherit; border-radius: 2px; padding: 0 .1em; }
.banner { margin: .6rem 0 .8rem; padding: .6rem .9rem; border-radius: 6px; font-weight: 600; }
.banner.unrelated { background: var(--flag-bg); color: var(--flag); border: 1px solid var(--flag); }
.banner.partial { background: #fff4e5; color: #8a4b00; border: 1px solid #e0a040; }
section.findings { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 0 0 .8rem;
                   padding: .5rem .9rem; }
section.findings h2 { font-size: 1rem; margin: .2rem 0 .5rem; }
section.findings ol, section.findings ul { margin: .2rem 0; padding-left: 1.4rem; font-size: .9rem; }
section.findings li { margin: .2rem 0; }
section.findings .variant { color: var(--muted); }
"""

_JS = """
(function () {
  const beads = Array.from(document.querySelectorAll('section.bead'));
  const filter = document.getElementById('filter');
  const status = document.getElementById('status');
  const total = beads.length;
  const nav = document.getElementById('controls');
  function clearToolbar() {  // anchors and jumps land below the sticky toolbar, header visible
    document.documentElement.style.scrollPaddingTop = (nav.offsetHeight + 8) + 'px';
  }
  clearToolbar();
  window.addEventListener('resize', clearToolbar);
  function flagsOf(el) { return (el.dataset.flags || '').split(' ').filter(Boolean); }
  function apply() {
    const want = filter.value;
    let shown = 0;
    for (const b of beads) {
      const all = flagsOf(b);
      const show = want === 'all' || (want === 'flagged' ? all.length > 0 : all.includes(want));
      b.classList.toggle('hidden', !show);
      if (show) shown++;
      for (const s of b.querySelectorAll('.sent')) {
        s.classList.toggle('match', want !== 'all' && want !== 'flagged' && flagsOf(s).includes(want));
      }
    }
    status.className = '';
    status.textContent = shown + ' of ' + total + ' paragraph beads shown';
  }
  function jump(raw) {
    const q = raw.trim().replace(/^#/, '');
    if (!q) return;
    const key = q.toLowerCase();
    const sent = document.getElementById('bead-' + q);
    let hit = beads.find(b => b.id === 'bead-' + q) ||
              (sent && sent.classList.contains('sent') ? sent.closest('section.bead') : null) ||
              beads.find(b => (b.dataset.para || '').toLowerCase().split(' ').includes(key)) ||
              beads.find(b => (b.dataset.sents || '').toLowerCase().split(' ').includes(key));
    if (!hit) {
      status.className = 'error';
      status.textContent = 'No paragraph or bead ' + q + ' in this alignment';
      return;
    }
    if (hit.classList.contains('hidden')) { filter.value = 'all'; apply(); }
    for (const b of beads) b.classList.remove('target');
    hit.classList.add('target');
    (sent && hit.contains(sent) ? sent : hit).scrollIntoView({block: 'start'});
    status.className = '';
    status.textContent = 'Showing ' + q;
  }
  filter.addEventListener('change', apply);
  document.getElementById('jump').addEventListener('submit', e => {
    e.preventDefault(); jump(document.getElementById('jump-to').value);
  });
  for (const btn of document.querySelectorAll('button.code')) {
    btn.addEventListener('click', () => { filter.value = btn.dataset.code; apply(); filter.scrollIntoView(); });
  }
  for (const a of document.querySelectorAll('a.go')) {  // links in the findings sections
    a.addEventListener('click', e => { e.preventDefault(); jump(a.getAttribute('href')); });
  }
  window.addEventListener('hashchange', () => jump(decodeURIComponent(location.hash.slice(1))));
  apply();
  if (location.hash.length > 1) jump(decodeURIComponent(location.hash.slice(1)));
})();
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _problem_codes(bead: Bead) -> list[str]:
    return [c for c in dict.fromkeys(bead.flag_codes()) if c != REVIEWED]


def _flag_list(bead: Bead) -> str:
    if not bead.flags:
        return ""
    items = "".join(
        f'<li class="{"reviewed" if f.code == REVIEWED else "flag"}" data-code="{_e(f.code)}">'
        f"<b>{_e(f.code)}</b>: {_e(f.reason)}</li>"
        for f in bead.flags
    )
    return f'<ul class="flags">{items}</ul>'


def _differences(bead: Bead) -> tuple[list[str], list[str]]:
    """The numbers and symbols each side has and the other lacks, as printed, for a bead flagged
    `number` or `symbol`: what the reviewer's eye should land on."""
    codes = set(bead.flag_codes())
    zh: list[str] = []
    en: list[str] = []
    if "number" in codes:
        only_zh, only_en = number_mismatches(bead.zh_text, bead.en_text)
        zh += [n.text.strip() for n in only_zh]
        en += [n.text.strip() for n in only_en]
    if "symbol" in codes:
        rz, re_ = reference_mismatches(bead.zh_text, bead.en_text)
        zh += rz
        en += re_
    return zh, en


def _marked(text: str, needles: list[str]) -> str:
    """The text, escaped, with each of `needles` marked where it occurs (longest first, no overlaps)."""
    spans: list[tuple[int, int]] = []
    folded = unicodedata.normalize("NFKC", text)
    same_length = len(folded) == len(text)
    for needle in sorted({n for n in needles if n}, key=len, reverse=True):
        for source in ((text, folded) if same_length else (text,)):
            for m in re.finditer(re.escape(needle), source):
                a, b = m.span()
                # A number inside a longer number (2 in 2012) is not the one meant.
                if needle[:1].isdigit() and ((a and source[a - 1].isdigit()) or (b < len(source)
                                                                                 and source[b].isdigit())):
                    continue
                if not any(a < y and x < b for x, y in spans):
                    spans.append((a, b))
    out, last = [], 0
    for a, b in sorted(spans):
        out.append(_e(text[last:a]))
        out.append(f'<mark class="diff">{_e(text[a:b])}</mark>')
        last = b
    out.append(_e(text[last:]))
    return "".join(out)


def _side(text: str, lang: str, ids: list[str], marks: list[str] | None = None) -> str:
    if not ids:
        side = "Chinese" if lang == "zh" else "English"
        return f'<div class="{lang} empty" lang="{lang}">(nothing on the {side} side)</div>'
    return f'<div class="{lang}" lang="{lang}">{_marked(text, marks or [])}</div>'


def _pair(bead: Bead) -> str:
    zh_marks, en_marks = _differences(bead)
    return (f'<div class="pair">{_side(bead.zh_text, "zh", bead.zh, zh_marks)}'
            f'{_side(bead.en_text, "en", bead.en, en_marks)}</div>')


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "–"


def _score(bead: Bead, low: float) -> str:
    cls = "score low" if bead.score < low and not bead.is_omission else "score"
    return f'<span class="{cls}" title="aligner confidence">score {bead.score:.2f}</span>'


def _sentence(bead: Bead, low: float) -> str:
    codes = _problem_codes(bead)
    cls = "sent flagged" if codes else "sent"
    return (
        f'<div class="{cls}" id="bead-{_e(bead.id)}" data-flags="{_e(" ".join(codes))}">'
        f'<div class="head"><span class="id">{_e(bead.id)}</span><span>{_e(bead.kind)}</span>'
        f"<span>{_e(_ids(bead.zh))} ↔ {_e(_ids(bead.en))}</span>{_score(bead, low)}</div>"
        f"{_pair(bead)}"
        f"{_flag_list(bead)}</div>"
    )


def _paragraph(bead: Bead, kids: list[Bead], low: float) -> str:
    own = _problem_codes(bead)
    all_codes = list(dict.fromkeys(own + [c for k in kids for c in _problem_codes(k)]))
    classes = ["bead"]
    if all_codes:
        classes.append("flagged")
    elif REVIEWED in bead.flag_codes():
        classes.append("reviewed")
    paras = " ".join(dict.fromkeys(bead.zh + bead.en))
    sents = " ".join(dict.fromkeys([k.id for k in kids] + [i for k in kids for i in k.zh + k.en]))
    level = "paragraph bead" if bead.level == "paragraph" else "sentence bead"
    flag_list = _flag_list(bead)
    if len(kids) == 1 and (kids[0].zh_text, kids[0].en_text) == (bead.zh_text, bead.en_text):
        # One sentence, the whole paragraph: show it once, with the sentence bead's own flags.
        shown = {(f.code, f.reason) for f in bead.flags}
        extra = replace(kids[0], flags=[f for f in kids[0].flags if (f.code, f.reason) not in shown])
        flag_list += _flag_list(extra).replace('<li class="flag"', f'<li class="flag" title="{_e(kids[0].id)}"')
        kids_html = ""
    else:
        kids_html = f'<div class="sentences">{"".join(_sentence(k, low) for k in kids)}</div>' if kids else ""
    return (
        f'<section class="{" ".join(classes)}" id="bead-{_e(bead.id)}" data-flags="{_e(" ".join(all_codes))}" '
        f'data-para="{_e(paras)}" data-sents="{_e(sents)}">'
        f'<div class="head"><a class="id" href="#{_e(bead.id)}">{_e(bead.id)}</a><span>{level} {_e(bead.kind)}</span>'
        f'<span class="paras">{_e(_ids(bead.zh))} ↔ {_e(_ids(bead.en))}</span>{_score(bead, low)}'
        f"<span>{len(kids)} sentence beads</span></div>"
        f"{_pair(bead)}"
        f"{flag_list}{kids_html}</section>"
    )


def _summary_html(summary: Summary, alignment: Alignment) -> str:
    rows = []
    for code, meaning in FLAGS.items():
        levels = summary.counts.get(code, {})
        n = sum(levels.values())
        rows.append(
            f'<tr class="{"has" if n else "none"}"><td><button class="code" data-code="{code}" '
            f'title="show beads flagged {code}">{code}</button></td><td>{_e(meaning)}</td>'
            f'<td class="n">{levels.get("paragraph", 0)}</td><td class="n">{levels.get("sentence", 0)}</td>'
            f'<td class="n">{n}</td></tr>'
        )
    worst = "".join(
        f'<li><a href="#{_e(b.id)}">{_e(b.id)}</a> ({_e(b.paragraph or "–")}, score {b.score:.2f}): '
        f'{_e(", ".join(_problem_codes(b)))}</li>'
        for b in summary.worst
    )
    reviewed = sum(1 for b in alignment.beads if REVIEWED in b.flag_codes())
    return (
        f'<p class="totals" id="totals">{summary.paragraph_beads} paragraph beads, {summary.sentence_beads} sentence '
        f"beads; <b>{summary.flagged}</b> flagged"
        + (f", {reviewed} reviewed" if reviewed else "")
        + "</p>"
        '<table class="summary" id="summary"><thead><tr><th>flag</th><th>what it means</th><th>paragraph</th>'
        f'<th>sentence</th><th>total</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        + (f'<details class="worst" open><summary>Beads to look at first</summary><ol>{worst}</ol></details>'
           if worst else "")
    )


def _banner(alignment: Alignment) -> str:
    """Documents that do not match say so before anything else."""
    v = alignment.header.get("verdict") or {}
    if v.get("verdict") == "unrelated":
        return (f'<p class="banner unrelated" id="verdict" role="alert">These documents do not look like a '
                f'translation of each other: {_e(v.get("reason", ""))}. No translation memory was written from '
                "them; look at the beads below before you use any of them.</p>")
    if v.get("verdict") == "partial":
        return (f'<p class="banner partial" id="verdict" role="alert">These documents match only in part: '
                f'{_e(v.get("reason", ""))}. Look at the one-sided and low-confidence beads first.</p>')
    return ""


def _go(bead_id: str, label: str | None = None) -> str:
    return f'<a class="go" href="#{_e(bead_id)}">{_e(label or bead_id)}</a>'


def _term_section(alignment: Alignment) -> str:
    """Every term problem, grouped by what it says, with the beads it is in."""
    found: dict[str, list[Bead]] = {}
    for b in alignment.beads:
        for f in b.flags:
            if f.code == "term":
                found.setdefault(f.reason, []).append(b)
    if not found:
        return ""
    items = "".join(
        f"<li>{_e(reason)}: " + ", ".join(_go(b.id, f"{b.id} ({b.paragraph or '–'})") for b in beads) + "</li>"
        for reason, beads in sorted(found.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    return (f'<section class="findings" id="terms"><h2>Terminology: {len(found)} term problems</h2>'
            f"<ol>{items}</ol></section>")


def _consistency_section(alignment: Alignment, groups: list[Group]) -> str:
    """Each group once: the shared text, then every version with where it occurs."""
    if not groups:
        return ""
    here = alignment.document
    items = []
    for g in groups:
        what = "English translated" if g.kind == "source" else "Chinese used for"
        versions = "".join(
            f'<li><span class="variant" lang="{"zh" if g.kind == "source" else "en"}">{_e(text)}</span> — '
            + ", ".join(_go(p.bead, p.describe(here)) if p.document == here else _e(p.describe(here))
                        for p in places)
            + "</li>"
            for text, places in g.variants
        )
        items.append(f'<li><b>{what} {len(g.variants)} ways:</b> <span lang="{"en" if g.kind == "source" else "zh"}">'
                     f"{_e(g.text)}</span><ul>{versions}</ul></li>")
    return (f'<section class="findings" id="consistency"><h2>Consistency: {len(groups)} groups</h2>'
            f"<ol>{''.join(items)}</ol></section>")


def render_report(alignment: Alignment, low_score: float = 0.5, groups: list[Group] | None = None) -> str:
    """The report as one HTML string. Flags are shown as the alignment carries them: run
    `quality.check_alignment` first. `groups`: consistency groups found over several alignments
    (by default, those within this one)."""
    summary = summarize(alignment, worst=15)
    groups = find_groups([alignment]) if groups is None else groups
    kids: dict[str, list[Bead]] = {}
    for b in alignment.beads:
        if b.parent:
            kids.setdefault(b.parent, []).append(b)
    ids = {b.id for b in alignment.beads}
    tops = [b for b in alignment.beads if not b.parent or b.parent not in ids]
    options = ['<option value="all">all beads</option>',
               f'<option value="flagged">flagged beads ({summary.flagged})</option>']
    options += [f'<option value="{code}">{code} ({summary.total(code)})</option>' for code in FLAGS]
    options += [f'<option value="{_e(code)}">{_e(code)} ({summary.total(code)})</option>'
                for code in summary.counts if code not in FLAGS]
    header = alignment.header
    meta = " · ".join(
        f"{label}: {_e((header.get(side) or {}).get('path') or '–')}"
        for label, side in (("Chinese", "zh"), ("English", "en"))
    )
    if header.get("encoder"):
        meta += f" · encoder: {_e(header['encoder'])}"
    if header.get("created"):
        meta += f" · aligned {_e(header['created'])}"
    body = "".join(_paragraph(b, kids.get(b.id, []), low_score) for b in tops)
    data = json.dumps({"document": summary.document, "flagged": summary.flagged}, ensure_ascii=False)
    data = data.replace("</", "<\\/")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Alignment review: {_e(summary.document)}</title><style>{_CSS}</style></head><body>"
        f'<header><h1>Alignment review: {_e(summary.document)}</h1><p class="meta">{meta}</p>'
        f"{_banner(alignment)}{_summary_html(summary, alignment)}</header>"
        '<nav id="controls"><label>Show <select id="filter">' + "".join(options) + "</select></label>"
        '<form id="jump"><label>Go to paragraph or bead <input id="jump-to" placeholder="p24 or a17" '
        'autocomplete="off"></label> <button type="submit">Go</button></form>'
        '<span id="status" role="status"></span></nav>'
        f'<main id="beads">{_term_section(alignment)}{_consistency_section(alignment, groups)}{body}</main>'
        f'<script type="application/json" id="report-data">{data}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )


def write_report(alignment: Alignment, path: str | Path, force: bool = False, low_score: float = 0.5,
                 groups: list[Group] | None = None) -> Path:
    """Write the report (atomically; an existing file only with `force`)."""
    text = render_report(alignment, low_score, groups)
    with atomic_open(path, "w", force=force) as f:
        f.write(text)
    return Path(path)
