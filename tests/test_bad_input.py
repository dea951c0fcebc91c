"""Messy folders: every odd file gets one line naming it, the rest is indexed, no traceback."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


from ingest import read_passages
from pipeline import BuildOptions, build_index
from store import IndexStore

NO_DENSE = BuildOptions(encoder=None)
GOOD_NOTE = "# 好的笔记\n\nDropout 用于防止过拟合。\n"


def make_bad_folder(root: Path) -> dict[str, str]:
    """Write one file per bad case; returns {file name: what the warning must say}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "good.md").write_text(GOOD_NOTE, encoding="utf-8")
    (root / "binary.md").write_bytes(bytes(range(256)) * 64)
    (root / "gbk.md").write_bytes("# 中文笔记\n\n批归一化可以加速收敛。\n".encode("gb18030"))
    (root / "utf16.md").write_bytes("# UTF-16 笔记\n\nLSTM 有三个门。\n".encode("utf-16"))
    (root / "bom.md").write_bytes("\ufeff# 带 BOM\n\nGRU 有两个门。\n".encode("utf-8"))
    (root / "empty.md").write_bytes(b"")
    (root / "long-line.md").write_text("# 长行\n\n" + "梯度" * 600_000 + "\n", encoding="utf-8")
    (root / "broken.md").write_text("# 代码\n\n```python\nprint(1)\n\n<div><span>unclosed\n", encoding="utf-8")
    (root / "nested.md").write_text("".join("  " * i + "- 层\n" for i in range(2000)), encoding="utf-8")
    (root / "nul.md").write_bytes(b"# NUL\n\nsome\x00text\n")
    (root / "surrogate.md").write_bytes(b"# bad\n\n\xed\xa0\x80 invalid surrogate bytes \xff\n")
    (root / "名字 with spaces 🚀.md").write_text("# 名字\n\nAttention 注意力。\n", encoding="utf-8")
    os.symlink("loop-b.md", root / "loop-a.md")
    os.symlink("loop-a.md", root / "loop-b.md")
    os.symlink("missing-target.md", root / "dangling.md")
    os.mkfifo(root / "fifo.md")
    return {
        "binary.md": "binary",
        "gbk.md": "GB18030",
        "utf16.md": "UTF-16",
        "empty.md": "empty",
        "nul.md": "NUL",
        "loop-a.md": "cannot read",
        "loop-b.md": "cannot read",
        "dangling.md": "vanished",
        "fifo.md": "not a regular file",
    }


def test_bad_files_are_reported_and_the_rest_is_indexed(tmp_path):
    expected = make_bad_folder(tmp_path / "notes")
    report = build_index(tmp_path / "notes", tmp_path / "index", NO_DENSE)
    messages = {p.path: p.message for p in report.ingest.problems}
    for name, fragment in expected.items():
        assert fragment in messages[name], (name, messages.get(name))
    skipped = {p.path for p in report.ingest.skipped}
    assert skipped == {"binary.md", "empty.md", "loop-a.md", "loop-b.md", "dangling.md", "fifo.md"}
    indexed = {p.path: p for p in read_passages(IndexStore(tmp_path / "index").current())}
    assert "批归一化可以加速收敛。" in indexed["gbk.md"].text
    assert "LSTM 有三个门。" in indexed["utf16.md"].text
    assert indexed["bom.md"].heading_path == ("带 BOM",)
    assert indexed["long-line.md"].start_line == 3 and len(indexed["long-line.md"].text) == 20_000
    assert "print(1)" in indexed["broken.md"].text
    assert "名字 with spaces 🚀.md" in indexed
    assert "\ufffd" in indexed["surrogate.md"].text


def test_cli_prints_one_line_per_bad_file_and_exits_1(tmp_path):
    expected = make_bad_folder(tmp_path / "notes")
    run = subprocess.run(
        [sys.executable, "-m", "cli", "ingest", str(tmp_path / "notes"), "--no-dense"],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    for name in expected:
        assert sum(name in line for line in run.stderr.splitlines()) == 1, name
    assert "6 skipped" in run.stdout


def test_missing_folder_and_missing_index_are_one_line_errors(tmp_path):
    for argv in (["ingest", str(tmp_path / "nope")], ["status", str(tmp_path)]):
        run = subprocess.run([sys.executable, "-m", "cli", *argv], capture_output=True, text=True)
        assert run.returncode == 2
        assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert "kgqa ingest" in run.stderr
