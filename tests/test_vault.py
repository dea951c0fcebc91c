"""Notes read as Obsidian and Logseq write them: front matter, [[links]], #tags, properties.

Every note here is written for these tests (Chinese and English); the example vault
under examples/vault is the one a newcomer opens in Obsidian.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import PROJECT
from ingest import read_passages
from ingest.chunk import read_note
from ingest.files import read_note_meta
from kg.files import read_graph
from pipeline import BuildOptions, build_index
from service.documents import concept_document, find_concept
from store import IndexStore

VAULT = PROJECT / "examples" / "vault"
NO_VECTORS = BuildOptions(encoder=None)


@pytest.fixture(scope="module")
def vault_index(tmp_path_factory) -> Path:
    index = tmp_path_factory.mktemp("vault") / "index"
    build_index(VAULT, index, NO_VECTORS)
    return index


@pytest.fixture
def vault_copy(tmp_path: Path) -> Path:
    target = tmp_path / "vault"
    shutil.copytree(VAULT, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target


def _generation(index: Path):
    return IndexStore(index).current()


# --- front matter ----------------------------------------------------------------------------
ZH_NOTE = """---
aliases: [批归一化, BN]
tags: [深度学习, 训练技巧]
status: 草稿
created: 2026-12-01
---
# Batch Normalization

批归一化对每个 mini-batch 的激活做标准化，再做缩放和平移。
"""


def test_front_matter_is_metadata_never_passage_text_and_lines_stay_real():
    passages, meta = read_note("bn.md", ZH_NOTE)
    assert [(p.start_line, p.end_line, p.heading_path) for p in passages] == [(9, 9, ("Batch Normalization",))]
    assert passages[0].raw == ZH_NOTE.split("\n")[8]
    assert all("草稿" not in p.text and "status" not in p.text and "aliases" not in p.text for p in passages)
    assert meta.aliases == ("批归一化", "BN") and meta.h1 == "Batch Normalization"
    assert [(t.name, t.line) for t in meta.tags] == [("深度学习", 3), ("训练技巧", 3)]
    assert meta.properties == (("status", '"草稿"'), ("created", '"2026-12-01"'))
    assert meta.problems == ()


def test_a_malformed_front_matter_block_is_one_warning_and_the_note_is_still_indexed(tmp_path):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "坏.md").write_text("---\ntitle: 过拟合\ntags: [unclosed\n---\n# 过拟合\n\nDropout 可以缓解过拟合。\n", encoding="utf-8")
    (notes / "list.md").write_text("---\n- just: a list\n---\nEarly stopping halts training when validation loss rises.\n",
                                   encoding="utf-8")
    report = build_index(notes, tmp_path / "index", NO_VECTORS)
    warnings = [str(p) for p in report.ingest.problems]
    assert len(warnings) == 2 and all("\n" not in w for w in warnings)
    assert warnings[0].startswith("warning: list.md: front matter (lines 1-3) is not a YAML mapping")
    assert warnings[1].startswith("warning: 坏.md: front matter (lines 1-4) is not valid YAML")
    passages = read_passages(_generation(tmp_path / "index"))
    assert [(p.path, p.start_line, p.text) for p in passages] == [
        ("list.md", 4, "Early stopping halts training when validation loss rises."), ("坏.md", 7, "Dropout 可以缓解过拟合。")]
    again = build_index(notes, tmp_path / "index", NO_VECTORS)  # reused notes warn again
    assert [str(p) for p in again.ingest.problems] == warnings


def test_a_rule_and_text_between_two_rules_is_not_front_matter():
    text = "---\n\n这是一段普通的文字，不是 YAML。\n\n---\n\n第二段。\n"
    passages, meta = read_note("hr.md", text)
    assert [(p.start_line, p.end_line) for p in passages] == [(3, 7)] and meta.problems == ()
    assert "这是一段普通的文字" in passages[0].text and "第二段" in passages[0].text


def test_aliases_name_the_notes_concept(vault_index):
    graph = read_graph(_generation(vault_index).directory)
    about = dict(graph.note_concepts)
    attention = find_concept(graph, "Attention")
    assert about["模型/注意力机制.md"] == attention.id == find_concept(graph, "注意力").id
    assert {"注意力机制", "Attention", "注意力"} <= set(attention.labels)
    assert about["journal/2026-12-01.md"] == find_concept(graph, "十二月一日").id  # Logseq alias::


# --- links ---------------------------------------------------------------------------------------
EN_NOTE = """# Residual connections

Residual connections add the input back: see [[ResNet]], [[Transformer|the Transformer]] and
[[LSTM#Gates]]. ![[diagram.png]] is a picture, ![[Highway networks]] an embedded note.

`[[inline code]]` and a fence are not links:

```
[[not a link]] #nottag
```

    [[indented code]] #nottag

An unclosed [[bracket stays text, and [[]] is nothing.
"""


def test_every_wikilink_shape_reads_as_its_shown_text_and_is_a_link():
    passages, meta = read_note("residual.md", EN_NOTE)
    text = "\n".join(p.text for p in passages)
    assert "see ResNet, the Transformer and\nLSTM › Gates." in text
    assert "diagram" not in text and "an embedded note" in text and "Highway networks an embedded note" in text
    assert "`[[inline code]]`" in text and "[[not a link]]" in text
    assert "An unclosed [[bracket stays text, and [[]] is nothing." in text
    assert [(l.line, l.target, l.heading, l.shown, l.embed) for l in meta.links] == [
        (3, "ResNet", "", "ResNet", False), (3, "Transformer", "", "the Transformer", False),
        (4, "LSTM", "Gates", "LSTM › Gates", False), (4, "Highway networks", "", "Highway networks", True)]
    by_line = {p.start_line: p.id for p in passages}
    assert {l.passage_id for l in meta.links} == {by_line[3]}
    assert meta.tags == ()


def test_links_resolve_to_notes_by_stem_and_keep_dangling_ones(vault_index):
    graph = read_graph(_generation(vault_index).directory)
    links = {(l.source, l.line, l.target): l for l in graph.links}
    to_transformer = links[("循环神经网络.md", 7, "Transformer")]
    assert to_transformer.target_path == "模型/Transformer.md" and not to_transformer.dangling
    assert to_transformer.concept == find_concept(graph, "Transformer").id
    missing = links[("journal/2026-12-01.md", 6, "位置编码")]
    assert missing.dangling and missing.target_path == "位置编码.md"
    embed = links[("模型/注意力机制.md", 18, "Transformer")]
    assert embed.embed and embed.shown == "Transformer › 多头注意力"
    assert not any(l.target in ("不是链接", "Transformer stays plain text.") for l in graph.links)
    edges = {(t.subject, t.object, t.path, t.start_line, t.rule) for t in graph.triples if t.predicate == "links_to"}
    rnn, transformer = find_concept(graph, "循环神经网络").id, find_concept(graph, "Transformer").id
    assert (rnn, transformer, "循环神经网络.md", 7, "convention.wikilink") in edges
    attention = find_concept(graph, "注意力").id
    assert (attention, transformer, "模型/注意力机制.md", 9, "convention.wikilink") in edges  # the first of two links
    assert not any(e[:2] == (attention, transformer) and e[3] == 18 for e in edges)


def test_show_lists_backlinks_with_their_lines(vault_index):
    generation = _generation(vault_index)
    graph, passages = read_graph(generation.directory), read_passages(generation)
    document = concept_document(graph, passages, "变换器")
    assert document["notes"] == ["模型/Transformer.md"]
    assert [(b["location"], b["shown"], b["embed"]) for b in document["backlinks"]] == [
        ("循环神经网络.md:7", "Transformer", False), ("模型/注意力机制.md:9", "变换器", False),
        ("模型/注意力机制.md:18", "Transformer › 多头注意力", True)]
    from cli.render import format_concept

    printed = format_concept(document)
    assert "backlinks (3):" in printed and "← 模型/注意力机制.md:9  links [[Transformer]] as “变换器”" in printed


# --- tags ----------------------------------------------------------------------------------------
TAG_NOTE = """# 标签 #标题里的标签

正文里的标签 #深度学习 和 #nlp/attention，英文 #machine-learning。
Not tags: C#, #2024, a [link](page.md#part), https://example.org/a#frag, `#code`, &#123; and ## heading marks.
Counts are no tags either: Base: #layers = 12, #heads=16, #params ≈ 110M.
"""


def test_inline_tags_outside_code_headings_urls_and_numbers():
    passages, meta = read_note("tags.md", TAG_NOTE)
    assert [(t.name, t.line) for t in meta.tags] == [
        ("标题里的标签", 1), ("深度学习", 3), ("nlp/attention", 3), ("machine-learning", 3)]
    assert "#深度学习" in passages[0].text  # the tag stays searchable text


def test_tags_are_concepts_of_their_own_with_tagged_edges(vault_index):
    graph = read_graph(_generation(vault_index).directory)
    tag = find_concept(graph, "#深度学习")
    assert tag.labels == ("#深度学习",) and tag.id != find_concept(graph, "注意力").id
    tagged = {(t.path, t.start_line) for t in graph.triples if t.predicate == "tagged" and t.object == tag.id}
    assert tagged == {("模型/注意力机制.md", 3), ("模型/Transformer.md", 4)}  # one edge per note, at its first line
    meta = {m.path: m for m in read_note_meta(_generation(vault_index))}["模型/注意力机制.md"]
    assert [(t.name, t.line) for t in meta.tags] == [("深度学习", 3), ("nlp", 3), ("深度学习", 9)]
    assert find_concept(graph, "#深度学习/序列")


# --- Logseq ---------------------------------------------------------------------------------------
def test_logseq_properties_and_block_refs_stay_out_of_passage_text(vault_index):
    generation = _generation(vault_index)
    journal = [p for p in read_passages(generation) if p.path == "journal/2026-12-01.md"]
    text = "\n".join(p.text for p in journal)
    assert "::" not in text and "((" not in text and "6475c2b1" not in text and "journal" not in text
    assert journal[0].start_line == 5  # the property lines are not text, but lines stay the file's
    meta = {m.path: m for m in read_note_meta(generation)}["journal/2026-12-01.md"]
    assert meta.properties == (("type", '"journal"'),) and meta.aliases == ("十二月一日",)
    assert [t.name for t in meta.tags] == ["复习", "Transformer"]


# --- scale and exact sync ---------------------------------------------------------------------------
def _link_note(links: int, brackets: bool) -> str:
    rows = []
    for i in range(links // 10):
        names = [f"目标{(i * 10 + j) % 1000}" for j in range(10)]
        rows.append("- " + "，".join(f"[[{n}|第{n}]]" if brackets else f"第{n}" for n in names) + f" #标签{i % 50}")
    return "# 很多链接\n\n" + "\n".join(rows) + "\n"


def test_a_10000_link_note_is_read_whole_and_its_links_resolve(tmp_path):
    """Its speed against the same note without brackets: benchmarks/bench_links.py (no timed unit tests)."""
    linked, plain = _link_note(10_000, True), _link_note(10_000, False)
    assert len(read_note("many.md", plain)[1].links) == 0 and len(read_note("many.md", linked)[1].links) == 10_000
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "many.md").write_text(linked, encoding="utf-8")
    (notes / "目标7.md").write_text("# 目标7\n\n一个真的笔记。\n", encoding="utf-8")
    build_index(notes, tmp_path / "index", NO_VECTORS)
    graph = read_graph(_generation(tmp_path / "index").directory)
    assert len(graph.links) == 10_000
    assert sum(not l.dangling for l in graph.links) == 10 and {l.target_path for l in graph.links if not l.dangling} == {"目标7.md"}


def _signature(index: Path) -> dict[str, bytes]:
    generation = IndexStore(index).current()
    return {p.name: p.read_bytes() for p in sorted(generation.directory.iterdir()) if p.is_file()}


def test_sync_equals_a_rebuild_as_links_dangle_resolve_and_tags_change(vault_copy, tmp_path):
    index = tmp_path / "index"
    build_index(vault_copy, index, NO_VECTORS)
    edits = [
        lambda: (vault_copy / "模型" / "Transformer.md").unlink(),  # its backlinks now dangle
        lambda: (vault_copy / "位置编码.md").write_text(  # the dangling [[位置编码]] resolves
            "---\naliases: [Positional Encoding]\ntags: [深度学习]\n---\n# 位置编码\n\n位置编码把位置信息加到词向量上。\n", encoding="utf-8"),
        lambda: (vault_copy / "循环神经网络.md").write_text(
            (vault_copy / "循环神经网络.md").read_text(encoding="utf-8").replace("#深度学习/序列", "#序列模型 [[orphan]]"),
            encoding="utf-8"),
        lambda: (vault_copy / "orphan.md").rename(vault_copy / "journal" / "Gradient Clipping.md"),
    ]
    for edit in edits:
        edit()
        build_index(vault_copy, index, NO_VECTORS)
        rebuilt = tmp_path / f"rebuilt-{edits.index(edit)}"
        build_index(vault_copy, rebuilt, NO_VECTORS)
        assert _signature(index) == _signature(rebuilt), edits.index(edit)
    graph = read_graph(_generation(index).directory)
    assert {(l.target, l.dangling) for l in graph.links if l.target in ("位置编码", "Transformer", "orphan")} == {
        ("位置编码", False), ("Transformer", True), ("orphan", True)}


def test_the_viewer_starts_with_link_and_tag_edges_hidden(vault_index):
    from kg.viewer import graph_document

    document = graph_document(read_graph(_generation(vault_index).directory))
    shown = {r["name"]: r["shown"] for r in document["relations"]}
    assert shown["links_to"] is False and shown["tagged"] is False and shown["has_component"] is True
    assert {r["name"]: r["edges"] for r in document["relations"]}["links_to"] > 0


def test_exports_carry_links_and_tags_as_their_own_relations(vault_index):
    from kg.export import exporter
    from kg.subgraph import Selection, select

    generation = _generation(vault_index)
    graph, passages = read_graph(generation.directory), read_passages(generation)
    chosen, kept = select(graph, passages, Selection())
    from ingest import read_notes

    nquads = exporter("nq").render(chosen, kept, read_notes(generation))
    assert "vocab#linksTo>" in nquads and "vocab#tagged>" in nquads and "vocab#linksToNote>" in nquads
    only_typed, _ = select(graph, passages, Selection(relations=("has_component", "is_a")))
    assert not only_typed.links and not any(t.predicate in ("links_to", "tagged") for t in only_typed.triples)
    document = json.loads(exporter("json").render(chosen, kept, read_notes(generation))) if "json" in _exporters() else None
    if document is not None:
        assert "links_to" in json.dumps(document, ensure_ascii=False)


def _exporters() -> set[str]:
    from kg.export import EXPORTERS

    return set(EXPORTERS)


# --- clickable provenance ----------------------------------------------------------------------------
class _Terminal:
    def isatty(self) -> bool:
        return True


def test_hyperlinks_only_on_terminals_that_announce_them():
    import io

    from cli.terminal import supports_hyperlinks

    assert not supports_hyperlinks(io.StringIO(), {"TERM_PROGRAM": "vscode"})  # piped
    assert supports_hyperlinks(_Terminal(), {"TERM_PROGRAM": "vscode"})
    assert supports_hyperlinks(_Terminal(), {"VTE_VERSION": "7200"}) and not supports_hyperlinks(_Terminal(), {"VTE_VERSION": "4600"})
    assert not supports_hyperlinks(_Terminal(), {"TERM": "dumb", "KITTY_WINDOW_ID": "1"})
    assert not supports_hyperlinks(_Terminal(), {"CI": "true", "WT_SESSION": "x"})
    assert supports_hyperlinks(io.StringIO(), {"FORCE_HYPERLINK": "1"}) and not supports_hyperlinks(_Terminal(), {
        "FORCE_HYPERLINK": "0", "TERM_PROGRAM": "iTerm.app"})


def test_link_formats_open_the_file_at_its_line(tmp_path):
    from service.links import LinkFormatError, linker

    notes = tmp_path / "笔记"
    notes.mkdir()
    assert linker(notes, "vscode").url("模型/a b.md", 12) == f"vscode://file{_quoted(notes)}/%E6%A8%A1%E5%9E%8B/a%20b.md:12"
    assert linker(notes, "idea").url("a.md", 3).endswith("/a.md&line=3")
    assert linker(notes, None).url("a.md", 3).startswith("file://") and linker(notes, "none") is None
    assert linker(notes, "myeditor://{path}?l={line}").url("a.md", 7) == f"myeditor://{_quoted(notes)}/a.md?l=7"
    assert linker(notes, "obsidian").url("a.md", 7).startswith("file://")  # no vault: plain file links
    for bad in ("emacs", "x://{nope}"):
        with pytest.raises(LinkFormatError, match="KGQA_LINK_FORMAT"):
            linker(notes, bad)


def _quoted(path: Path) -> str:
    from urllib.parse import quote

    return quote(path.resolve().as_posix(), safe="/:")


def test_ask_prints_osc8_links_on_a_terminal_plain_text_when_piped_and_obsidian_links_in_json(vault_index):
    import os
    import subprocess
    import sys

    def ask(*extra, **env):
        run = subprocess.run([sys.executable, "-m", "cli", "ask", "注意力机制怎么计算", str(VAULT), "--index", str(vault_index),
                              "--legs", "bm25,graph", "--k", "2", *extra], capture_output=True, text=True, timeout=300,
                             env={**os.environ, "PYTHONPATH": str(PROJECT), **env})
        assert run.returncode == 0, run.stderr
        return run.stdout

    piped = ask()
    assert "\x1b" not in piped and "模型/注意力机制.md:9-11" in piped
    linked = ask(FORCE_HYPERLINK="1", KGQA_LINK_FORMAT="vscode")
    target = f"vscode://file{_quoted(VAULT)}/%E6%A8%A1%E5%9E%8B/%E6%B3%A8%E6%84%8F%E5%8A%9B%E6%9C%BA%E5%88%B6.md:9"
    assert f"\x1b]8;;{target}\x1b\\模型/注意力机制.md:9-11\x1b]8;;\x1b\\" in linked
    document = json.loads(ask("--json"))
    assert document["vault"] == "vault"
    first = next(p for p in document["passages"] if p["file"] == "模型/注意力机制.md")
    assert first["obsidian"] == "obsidian://open?vault=vault&file=%E6%A8%A1%E5%9E%8B%2F%E6%B3%A8%E6%84%8F%E5%8A%9B%E6%9C%BA%E5%88%B6.md"


def test_json_has_no_obsidian_links_outside_a_vault(examples_copy, tmp_path):
    from service.documents import answer_document
    from service.session import Session

    build_index(examples_copy, tmp_path / "index", NO_VECTORS)
    from retrieval.engine import RetrievalConfig

    answer = Session(tmp_path / "index").retriever.ask("LSTM 有哪些门", k=2, config=RetrievalConfig(legs=("bm25",)))
    document = answer_document(answer, examples_copy)
    assert document["passages"] and "vault" not in document and not any("obsidian" in p for p in document["passages"])


# --- property: any mix of vault syntax keeps spans exact and links inside their passages -------------
from hypothesis import given, settings, strategies as st  # noqa: E402

PIECES = ["---", "aliases: [甲, b]", "tags: [x", "tags: 深度学习", "# 标题", "## Heading #tag", "[[目标|显示]]", "[[a#h]]",
          "![[图.png]]", "![[笔记]]", "[[未闭合", "```", "~~~python", "    [[indented]]", "`[[code]]`", "key:: value",
          "- tags:: a, [[b]]", "((6475c2b1-8f3e))", "#标签 text", "C# and #1", "正文一句话。", "Plain English text.", ""]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map(" ".join), max_size=25))
def test_any_mix_of_vault_syntax_keeps_spans_exact_and_links_in_their_passages(rows):
    text = "\n".join(rows)
    lines = text.split("\n")
    passages, meta = read_note("fuzz.md", text)
    ids = {p.id for p in passages}
    previous = 0
    for passage in passages:
        assert previous < passage.start_line <= passage.end_line <= len(lines)
        assert passage.raw == "\n".join(lines[passage.start_line - 1 : passage.end_line])
        previous = passage.end_line
    for item in (*meta.links, *meta.tags):
        assert 1 <= item.line <= len(lines) and (item.passage_id in ids or not passages)
        line = lines[item.line - 1]
        assert "[[" in line or "#" in line or "::" in line or line.startswith("tags:")  # the front matter key
    assert all(link.target and "|" not in link.target and "#" not in link.target for link in meta.links)
