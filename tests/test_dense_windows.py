"""What the dense leg embeds: prose in windows that name their exact lines; code and long formulas left to BM25."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ingest import Passage, ingest_notes
from ingest.clean import clean_markdown
from pipeline import BuildOptions, build_index
from retrieval.dense_windows import CODE, FORMULA, PROSE, TABLE, WINDOW_CHARS, embedding_windows, line_kinds
from retrieval.encoders import resolve_encoder
from retrieval.legs.dense import VECTOR_WINDOWS_FILE, VECTORS_FILE
from store import IndexStore

MIXED = """Gradient clipping rescales the gradient when its norm exceeds a threshold.
It keeps one bad batch from throwing the weights far away.
```python
def clip(grad, threshold):
    return grad * min(1.0, threshold / grad.norm())
```
$$\\mathbf{g} \\leftarrow \\min\\left(1, \\frac{\\theta}{\\|\\mathbf{g}\\|}\\right) \\mathbf{g} \\quad \\text{applied to every parameter tensor before the update step}$$
| method | what it bounds |
|---|---|
| clipping by norm | the whole gradient vector |
| clipping by value | each component |
Short formulas like $\\|g\\| \\le \\theta$ stay in the prose."""


def passage(raw: str, start: int = 10, heading: tuple[str, ...] = ("Optimisation", "Clipping")) -> Passage:
    return Passage("p_test", "notes/opt.md", heading, start, start + raw.count("\n"), clean_markdown(raw), raw)


def test_lines_are_sorted_into_prose_code_formula_and_table():
    kinds = line_kinds(MIXED.split("\n"))
    assert kinds == [PROSE, PROSE, CODE, CODE, CODE, CODE, FORMULA, TABLE, TABLE, TABLE, TABLE, PROSE]


def test_code_and_long_formulas_are_left_out_and_the_table_is_apart_from_the_prose_before_it():
    """The table and the one short line after it fit a third of a window together: they share one."""
    windows = embedding_windows(passage(MIXED))
    assert [(w.start_line, w.end_line) for w in windows] == [(10, 11), (17, 21)]
    assert windows[0].text == ("Optimisation › Clipping\nGradient clipping rescales the gradient when its norm exceeds a threshold.\n"
                               "It keeps one bad batch from throwing the weights far away.")
    assert all("def clip" not in w.text and "leftarrow" not in w.text for w in windows)
    assert "clipping by value" in windows[1].text and windows[1].text.endswith("stay in the prose.")


def test_a_passage_of_code_only_has_no_vector_and_a_long_one_is_cut_in_windows():
    assert embedding_windows(passage("```\nx = 1\n```")) == []
    lines = [f"Sentence number {i} says something about learning rate warmup schedules." for i in range(40)]
    windows = embedding_windows(passage("\n".join(lines), start=1, heading=()))
    assert len(windows) == -(-sum(len(line) + 1 for line in lines) // WINDOW_CHARS)
    assert [w.start_line for w in windows] == [1] + [w.end_line + 1 for w in windows[:-1]] and windows[-1].end_line == 40
    assert max(len(w.text) for w in windows) <= WINDOW_CHARS


def test_one_long_line_is_cut_at_sentence_ends_and_keeps_its_line_number():
    line = "。".join(f"第{i}句话讲的是注意力机制里的查询和键如何打分" for i in range(60)) + "。"
    windows = embedding_windows(passage("标题下面一行\n" + line, start=5, heading=()))
    assert all(w.end_line == 6 for w in windows[1:]) and len(windows) >= 3
    assert all(len(w.text) <= WINDOW_CHARS for w in windows)
    assert "".join(w.text for w in windows).replace("\n", "").replace(" ", "") == "标题下面一行" + line


def _check_windows_against_the_file(notes_root, p):
    file_lines = (notes_root / p.path).read_text(encoding="utf-8").split("\n")
    previous_end = p.start_line - 1
    for w in embedding_windows(p):
        assert p.start_line <= w.start_line <= w.end_line <= p.end_line and w.start_line > previous_end
        previous_end = w.end_line
        body = w.text.split("\n", 1)[1] if p.heading_path else w.text
        span = file_lines[w.start_line - 1 : w.end_line]
        kinds = line_kinds(p.raw.split("\n"))[w.start_line - p.start_line : w.end_line - p.start_line + 1]
        source = " ".join(clean_markdown(line).replace("\n", " ") for line, kind in zip(span, kinds) if kind in (PROSE, TABLE))
        for piece in body.split("\n"):
            assert piece in source, (p.location, piece[:60])
        assert len(body) <= WINDOW_CHARS


def test_every_window_of_the_real_notes_reproduces_text_from_its_own_lines(notes_copy):
    for p in ingest_notes(notes_copy).passages:
        _check_windows_against_the_file(notes_copy, p)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["prose line about attention.", "```", "x = f(y)", "$$", "a = b + c" * 20, "| a | b |",
                                 "长长的一句中文说明。" * 12, "", "- a list item"]), min_size=1, max_size=25))
def test_windows_stay_inside_their_passage_in_order(lines):
    raw = "\n".join(lines)
    windows = embedding_windows(passage(raw, start=3))
    end = 2
    for w in windows:
        assert end < w.start_line <= w.end_line <= 3 + raw.count("\n")
        end = w.end_line
    assert windows == embedding_windows(passage(raw, start=3))


def test_the_dense_files_give_each_vector_row_its_passage_and_lines(examples_copy, tmp_path):
    import json

    build_index(examples_copy, tmp_path / "i", BuildOptions(encoder=resolve_encoder("hashing")))
    generation = IndexStore(tmp_path / "i").current()
    rows = json.loads(generation.path(VECTOR_WINDOWS_FILE).read_text(encoding="utf-8"))
    vectors = np.load(generation.path(VECTORS_FILE))
    by_id = {p.id: p for p in ingest_notes(examples_copy).passages}
    assert len(rows) == len(vectors) and {pid for pid, _, _ in rows} <= set(by_id)
    expected = [[w.passage_id, w.start_line, w.end_line] for p in by_id.values() for w in embedding_windows(p)]
    assert sorted(map(tuple, rows)) == sorted(map(tuple, expected))


def test_a_fence_around_plain_sentences_is_prose_and_a_fence_around_code_is_code():
    boxed = ["```", "分两步：先用词典匹配找出可疑的字；", "再用近音字和近形字召回候选，最后按语言模型打分。", "```"]
    assert line_kinds(boxed) == [CODE, PROSE, PROSE, CODE]
    assert [w.text for w in embedding_windows(passage("\n".join(boxed), heading=()))] == [
        "分两步：先用词典匹配找出可疑的字；\n再用近音字和近形字召回候选，最后按语言模型打分。"]
    english = ["```", "First normalise the inputs, then train with a small learning rate.", "```"]
    assert line_kinds(english) == [CODE, PROSE, CODE]
    code = ["```", "for (i = 0; i < n; i++) { total += x[i]; }", "```"]
    tagged = ["```python", "print('模型训练完成，开始评估')", "```"]
    assert line_kinds(code) == [CODE] * 3 and line_kinds(tagged) == [CODE] * 3
