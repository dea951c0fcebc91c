"""A user points kgqa at a folder of notes and every passage knows where it came from."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path


from conftest import D2L_CORPUS, FIXTURES_DIR_NAME, SEED_CORPUS, notes_in, require
from ingest import ChunkConfig, chunk_note, ingest_notes, read_passages
from ingest.parse import make_parser
from pipeline import BuildOptions, build_index
from store import IndexStore

FIXTURES = Path(__file__).parent / FIXTURES_DIR_NAME
NO_DENSE = BuildOptions(encoder=None)


def _heading_lines(text: str) -> set[int]:
    """1-based lines that markdown-it says are headings (ATX or setext)."""
    lines = set()
    for token in make_parser().parse(text):
        if token.type == "heading_open":
            lines.update(range(token.map[0] + 1, token.map[1] + 1))
    return lines


def test_golden_messy_note_gives_expected_passages():
    text = (FIXTURES / "golden_messy.md").read_text(encoding="utf-8")
    expected = json.loads((FIXTURES / "golden_messy.expected.json").read_text(encoding="utf-8"))
    got = [
        {"heading_path": list(p.heading_path), "start_line": p.start_line, "end_line": p.end_line, "text": p.text}
        for p in chunk_note("golden_messy.md", text)
    ]
    assert got == expected


def test_every_seed_passage_reproduces_its_lines_and_never_crosses_a_heading():
    corpus = require(SEED_CORPUS)
    for path in sorted(corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        lines = text.split("\n")
        headings = _heading_lines(text)
        passages = chunk_note(path.name, text)
        assert passages, path
        previous_end = 0
        for passage in passages:
            assert 1 <= passage.start_line <= passage.end_line <= len(lines)
            assert passage.start_line > previous_end, f"{passage.location} overlaps or is out of order"
            previous_end = passage.end_line
            assert passage.raw == "\n".join(lines[passage.start_line - 1 : passage.end_line])
            assert not headings & set(range(passage.start_line, passage.end_line + 1)), passage.location
            assert passage.text.strip()
            assert "<img" not in passage.text and "http" not in passage.text and "[TOC]" not in passage.text


# Read by hand: the lines of 004 that are questions or topic titles, each followed by its answer.
QUESTION_LINES_004 = [6, 12, 42, 48, 53, 63, 77, 102, 130, 142, 153, 165, 173, 186, 197, 219, 223, 237, 241, 253, 274,
                      284, 288, 296, 304]


def test_note_without_headings_gets_one_section_per_question():
    """004 has no Markdown headings: its question lines must become sections."""
    path = require(SEED_CORPUS) / "004_0788be5c14df413a.md"
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    passages = chunk_note(path.name, text)
    first_passage_under = {}
    for passage in passages:
        first_passage_under.setdefault(passage.heading_path, passage)
    assert len(first_passage_under) == len(QUESTION_LINES_004)
    for number in QUESTION_LINES_004:
        title = lines[number - 1].strip()
        passage = first_passage_under[(title,)]
        assert passage.start_line > number
    seq2seq = first_passage_under[("什么是seq2seq model",)]
    assert seq2seq.start_line == 55 and "encoder-decoder" in seq2seq.text
    assert not [p for p in passages if "参考回答" in " ".join(p.heading_path)]


def test_bold_lines_and_numbered_qa_items_become_sections():
    note_002 = require(SEED_CORPUS) / "002_6c3522073c7732d8.md"
    passages = chunk_note(note_002.name, note_002.read_text(encoding="utf-8"))
    by_heading = {p.heading_path: p for p in passages}
    overfit = by_heading[("机器学习八股文", "Machine Leaning", "ML 基础概念", "Overfitting / Underfitting")]
    assert overfit.start_line == 9 and "过拟合" in overfit.text
    note_000 = SEED_CORPUS / "000_c42f6f66a1945063.md"
    headings = {p.heading_path for p in chunk_note(note_000.name, note_000.read_text(encoding="utf-8"))}
    assert ("模型", "word2vec", "skip-gram", "Skip-gram处理步骤") in headings


def test_small_blocks_merge_but_never_past_the_configured_size(tmp_path):
    text = "# T\n\n" + "\n\n".join(f"段落 {i} " + "字" * 60 for i in range(20)) + "\n"
    small = chunk_note("n.md", text, ChunkConfig(max_chars=150, min_chars=10))
    large = chunk_note("n.md", text, ChunkConfig(max_chars=2000, max_lines=40))
    assert len(large) == 1 and (large[0].start_line, large[0].end_line) == (3, 41)
    assert len(small) == 10 and all(p.end_line - p.start_line == 2 for p in small)
    by_lines = chunk_note("n.md", text, ChunkConfig(max_chars=2000, max_lines=6))
    assert [(p.start_line, p.end_line) for p in by_lines] == [(3, 13), (15, 25), (27, 37), (39, 41)]


# A section as d2l writes it: hard-wrapped Chinese prose, a list under its lead-in, a formula
# inside its sentence, the same code for two frameworks.
_BOOK_SECTION = r"""# 循环神经网络

循环神经网络用隐状态记住序列的历史。
隐状态在每个时间步更新。
它由上一步的隐状态和当前输入算出。
所以它能处理任意长度的序列。
但是梯度要穿过很多时间步，
这会带来梯度消失的问题。
长短期记忆网络用门来缓解它。
门控循环单元是它的简化。
两者都在实践中常用。
下面先看最简单的形式。
我们从隐状态的定义开始。
然后再看输出层，
最后看怎样训练。

隐状态的更新公式如下：

$$\mathbf{H}_t = \phi(\mathbf{X}_t \mathbf{W}_{xh} + \mathbf{H}_{t-1} \mathbf{W}_{hh} + \mathbf{b}_h).$$

长短期记忆网络由以下部分组成：

- 输入门
- 遗忘门
- 输出门

```python
import torch
rnn = torch.nn.RNN(10, 20)
```

```python
import paddle
rnn = paddle.nn.SimpleRNN(10, 20)
```
"""


TWELVE_LINES = ChunkConfig(max_lines=12)


def _spans(text: str, config: ChunkConfig = ChunkConfig()) -> list[tuple[int, int]]:
    return [(p.start_line, p.end_line) for p in chunk_note("book.md", text, config)]


def test_a_long_hard_wrapped_paragraph_is_cut_at_a_sentence_end_under_the_line_budget():
    passages = chunk_note("book.md", _BOOK_SECTION, TWELVE_LINES)
    assert (passages[0].start_line, passages[0].end_line) == (3, 13)  # 12 lines fit; the last sentence end is '开始。'
    assert passages[0].raw.endswith("我们从隐状态的定义开始。")
    assert passages[1].raw.startswith("然后再看输出层，")


def test_a_formula_stays_with_its_sentence_a_list_with_its_lead_in_and_code_is_its_own_passage():
    passages = {p.start_line: p for p in chunk_note("book.md", _BOOK_SECTION, TWELVE_LINES)}
    assert _spans(_BOOK_SECTION, TWELVE_LINES) == [(3, 13), (14, 25), (27, 35)]  # the two small code blocks share one
    assert "$$" in passages[14].raw and passages[14].raw.startswith("然后再看输出层，")
    assert "由以下部分组成：" in passages[14].raw and passages[14].raw.endswith("- 输出门")
    assert passages[27].raw.startswith("```python") and "torch" in passages[27].text
    assert "paddle" in passages[27].text and "输出门" not in passages[27].text
    # with a tighter budget the list still keeps its lead-in line, and the formula its sentence
    tight = chunk_note("book.md", _BOOK_SECTION, ChunkConfig(max_lines=5))
    lists = [p for p in tight if "- 输入门" in p.raw]
    assert len(lists) == 1 and lists[0].raw.startswith("长短期记忆网络由以下部分组成：")
    formula = next(p for p in tight if "$$" in p.raw)
    assert formula.raw.startswith("隐状态的更新公式如下：")


def _filled(passage) -> int:
    return sum(1 for line in passage.raw.splitlines() if line.strip())


def test_a_code_block_over_the_budget_stays_whole_and_a_caption_never_takes_it_past_the_budget():
    code = "\n".join(f"x{i} = {i}" for i in range(30))
    text = f"# T\n\n说明代码的一段话。\n\n```python\n{code}\n```\n"
    assert _spans(text) == [(3, 3), (5, 36)]  # the code alone is over the budget; the caption cannot join it
    short = "# T\n\n代码如下：\n\n```python\nx = 1\ny = 2\n```\n"
    assert _spans(short) == [(3, 8)]  # a caption alone says nothing: it takes the code it names


def test_a_long_list_item_is_cut_between_its_nested_items_never_after_a_question():
    nested = "\n".join(f"  - 第{i}点：这是一条足够长的说明文字，它会占满这一整行。" for i in range(8))
    text = f"# T\n\n- 为什么要这样做？\n  因为要说明的东西很多，答案紧跟在问题后面。\n\n{nested}\n"
    passages = chunk_note("n.md", text, ChunkConfig(max_lines=5))
    assert [(p.start_line, p.end_line) for p in passages] == [(3, 8), (9, 13)]
    assert passages[0].raw.startswith("- 为什么要这样做？\n  因为要说明") and passages[0].raw.endswith("第2点：这是一条足够长的说明文字，它会占满这一整行。")
    assert passages[1].raw.startswith("  - 第3点") and all(_filled(p) <= 5 for p in passages)


def test_a_long_list_is_cut_between_its_outer_items_before_it_parts_an_item_from_its_sub_items():
    text = """# 过拟合

## 常见解决方法

- 数据增强：
  - 同义词替换
  - 随机插入
  - 随机交换
- 训练数据中存在噪声：
  - 交叉验证
  - 集成学习（Bagging）
- 模型复杂度较高：
  - 正则化项
  - Dropout
  - 降低模型复杂度
    - 减少模型参数
    - 使用简单模型
"""
    passages = chunk_note("n.md", text, ChunkConfig(max_lines=10))
    assert [(p.start_line, p.end_line) for p in passages] == [(5, 11), (12, 17)]
    assert passages[1].raw.startswith("- 模型复杂度较高：") and passages[1].raw.endswith("- 使用简单模型")


def test_same_notes_give_a_byte_identical_index(notes_copy, tmp_path):
    first = build_index(notes_copy, tmp_path / "a", NO_DENSE)
    second = build_index(notes_copy, tmp_path / "b", NO_DENSE)
    for name in ("passages.jsonl", "manifest.json", "graph.nq", "bm25_tokens.jsonl"):
        a = (first.index_dir / first.generation / name).read_bytes()
        b = (second.index_dir / second.generation / name).read_bytes()
        assert a == b, name
    ids = [json.loads(line)["id"] for line in (first.index_dir / first.generation / "passages.jsonl").open()]
    assert len(ids) == len(set(ids)) and all(i.startswith("p_") for i in ids)


def _index_passages(index_dir: Path) -> list[tuple]:
    passages = read_passages(IndexStore(index_dir).current())
    return [(p.id, p.path, p.start_line, p.end_line, p.text) for p in passages]


def test_reingest_after_edit_delete_rename_equals_fresh_ingest(notes_copy, tmp_path):
    index = tmp_path / "index"
    build_index(notes_copy, index, NO_DENSE)
    before = {p[0]: p for p in _index_passages(index)}
    names = [path.relative_to(notes_copy).as_posix() for path in notes_in(notes_copy)]
    # a note with real headings: appending a section then changes nothing above it
    edited = next(name for name in names if (notes_copy / name).read_text(encoding="utf-8").lstrip().startswith("#"))
    deleted, moved = [name for name in names if name != edited][:2]

    note = notes_copy / edited
    note.write_text(note.read_text(encoding="utf-8") + "\n## 新增一节\n\n新的段落：梯度消失。\n", encoding="utf-8")
    report = build_index(notes_copy, index, NO_DENSE)
    assert report.ingest.reparsed == (edited,)
    assert len(report.ingest.changes.added) == 1 and not report.ingest.changes.deleted
    added = report.ingest.changes.added[0]
    assert [p for p in _index_passages(index) if p[0] == added][0][4] == "新的段落：梯度消失。"

    (notes_copy / deleted).unlink()
    report = build_index(notes_copy, index, NO_DENSE)
    assert report.ingest.changes.notes_deleted == (deleted,)
    assert not any(p[1] == deleted for p in _index_passages(index))
    assert {i for i, p in before.items() if p[1] == deleted} <= set(report.ingest.changes.deleted)

    os.makedirs(notes_copy / "sub")
    shutil.move(notes_copy / moved, notes_copy / "sub" / "renamed.md")
    report = build_index(notes_copy, index, NO_DENSE)
    assert report.ingest.changes.notes_renamed == ((moved, "sub/renamed.md"),)
    old_texts = [p[2:] for p in before.values() if p[1] == moved]
    new_texts = [p[2:] for p in _index_passages(index) if p[1] == "sub/renamed.md"]
    assert sorted(old_texts) == sorted(new_texts) and old_texts

    fresh = tmp_path / "fresh"
    build_index(notes_copy, fresh, NO_DENSE)
    assert _index_passages(index) == _index_passages(fresh)
    assert (index / IndexStore(index).current().directory.name / "passages.jsonl").read_bytes() == (
        fresh / IndexStore(fresh).current().directory.name / "passages.jsonl"
    ).read_bytes()


def test_unchanged_notes_publish_nothing_new(notes_copy, tmp_path):
    first = build_index(notes_copy, tmp_path / "i", NO_DENSE)
    second = build_index(notes_copy, tmp_path / "i", NO_DENSE)
    assert first.generation == "gen-000001" and second.generation is None
    assert second.ingest.reparsed == () and second.rebuilt == ()


def test_whole_d2l_tree_ingests_without_a_problem():
    corpus = require(D2L_CORPUS)
    result = ingest_notes(corpus)
    assert result.problems == ()
    assert len(result.notes) == len(list(corpus.rglob("*.md")))
    assert len(result.passages) > 3000
    for passage in result.passages[::50]:
        lines = (corpus / passage.path).read_text(encoding="utf-8").split("\n")
        assert passage.raw == "\n".join(lines[passage.start_line - 1 : passage.end_line])
