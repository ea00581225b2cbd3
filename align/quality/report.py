"""The review report: one HTML file a reviewer opens from disk, with no network at all.

Chinese and English side by side, paragraph bead by paragraph bead, the sentence beads inside;
flagged beads highlighted with their reasons; a summary at the top; a filter by flag and a box to
jump to a paragraph id (p24, p12.a) or a bead id (a17). CSS and JavaScript are inline, so the
file can be mailed, archived with the alignment, or opened on a machine with no connection.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from pathlib import Path

from align.files import atomic_open
from align.model import REVIEWED, Alignment, Bead
from align.quality.checks import Summary, summarize
from align.quality.flags import FLAGS

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
"""

_JS = """
(function () {
  const beads = Array.from(document.querySelectorAll('section.bead'));
  const filter = document.getElementById('filter');
  const status = document.getElementById('status');
  const total = beads.length;
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
    let hit = beads.find(b => b.id === 'bead-' + q) ||
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
    hit.scrollIntoView({block: 'start'});
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


def _side(text: str, lang: str, ids: list[str]) -> str:
    if not ids:
        side = "Chinese" if lang == "zh" else "English"
        return f'<div class="{lang} empty" lang="{lang}">(nothing on the {side} side)</div>'
    return f'<div class="{lang}" lang="{lang}">{_e(text)}</div>'


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
        f'<div class="pair">{_side(bead.zh_text, "zh", bead.zh)}{_side(bead.en_text, "en", bead.en)}</div>'
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
        f'<div class="pair">{_side(bead.zh_text, "zh", bead.zh)}{_side(bead.en_text, "en", bead.en)}</div>'
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


def render_report(alignment: Alignment, low_score: float = 0.5) -> str:
    """The report as one HTML string. Flags are shown as the alignment carries them: run
    `quality.check_alignment` first."""
    summary = summarize(alignment, worst=15)
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
        f"{_summary_html(summary, alignment)}</header>"
        '<nav id="controls"><label>Show <select id="filter">' + "".join(options) + "</select></label>"
        '<form id="jump"><label>Go to paragraph or bead <input id="jump-to" placeholder="p24 or a17" '
        'autocomplete="off"></label> <button type="submit">Go</button></form>'
        '<span id="status" role="status"></span></nav>'
        f'<main id="beads">{body}</main>'
        f'<script type="application/json" id="report-data">{data}</script>'
        f"<script>{_JS}</script></body></html>\n"
    )


def write_report(alignment: Alignment, path: str | Path, force: bool = False, low_score: float = 0.5) -> Path:
    """Write the report (atomically; an existing file only with `force`)."""
    text = render_report(alignment, low_score)
    with atomic_open(path, "w", force=force) as f:
        f.write(text)
    return Path(path)
