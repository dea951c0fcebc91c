"""Every triple keeps its passage, file, lines, rule and confidence, and every view of the graph
can leave out the less sure ones: `--min-confidence` on export, sparql and ask. Notes written here."""
from __future__ import annotations

import json

import pytest

from cli.main import main
from kg.files import read_graph
from pipeline import BuildOptions, build_index
from store import IndexStore
from conftest import write_notes

NOTES = {
    "a.md": "# 过拟合\n\nDropout 可以防止过拟合。\n\n过拟合与欠拟合的区别在于训练误差。\n\n## 正则化\n\n- L1正则化\n- L2正则化\n",
    "b.md": "# 编码器\n\n编码器由自注意力层和前馈网络组成。\n\n编码器使用残差连接。\n",
}


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    notes = write_notes(tmp_path_factory.mktemp("confidence-notes"), NOTES)
    build_index(notes, notes / ".kgqa", BuildOptions(encoder=None))
    graph = read_graph(IndexStore(notes / ".kgqa").current().directory)
    return notes, graph


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_every_triple_carries_its_provenance(indexed):
    notes, graph = indexed
    assert graph.triples
    for t in graph.triples:
        lines = (notes / t.path).read_text(encoding="utf-8").splitlines()
        assert t.passage_id.startswith("p_") and 1 <= t.start_line <= t.end_line <= len(lines)
        assert t.rule and 0.0 < t.confidence <= 1.0


def a_threshold(graph) -> float:
    """A confidence some triples reach and some do not."""
    levels = sorted({t.confidence for t in graph.triples})
    assert len(levels) >= 2, levels
    return levels[-1]


def test_export_min_confidence_keeps_only_sure_triples(indexed, capsys):
    notes, graph = indexed
    threshold = a_threshold(graph)

    def assertions(*extra) -> int:
        code, out, _ = run(capsys, "export", notes, "--format", "nq", *extra)
        assert code == 0
        return sum(line.split()[2].endswith("Assertion>") for line in out.splitlines() if "rdf-syntax-ns#type" in line)

    expected = len({t.key for t in graph.triples if t.confidence >= threshold})
    assert 0 < expected < len({t.key for t in graph.triples})
    assert assertions() == len({t.key for t in graph.triples})
    assert assertions("--min-confidence", threshold) == expected


def test_sparql_min_confidence_queries_the_graph_without_unsure_triples(indexed, capsys):
    notes, graph = indexed
    threshold = a_threshold(graph)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgqa:Assertion ; kgqa:confidence ?c }"
    _, everything, _ = run(capsys, "sparql", notes, query, "--format", "csv")
    code, sure, _ = run(capsys, "sparql", notes, query, "--format", "csv", "--min-confidence", threshold)
    assert code == 0
    assert int(everything.split()[-1]) == len({t.key for t in graph.triples})
    assert int(sure.split()[-1]) == len({t.key for t in graph.triples if t.confidence >= threshold})
    filtered = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kgqa:Assertion ; kgqa:confidence ?c . FILTER(?c >= %s) }" % threshold
    _, by_query, _ = run(capsys, "sparql", notes, filtered, "--format", "csv")
    assert by_query == sure  # the confidence literal lets a query filter the same way


def test_ask_min_confidence_filters_related_edges(indexed, capsys):
    notes, graph = indexed
    code, out, _ = run(capsys, "ask", "怎么防止过拟合", notes, "--json")
    assert code == 0 and json.loads(out)["related"]
    _, out, _ = run(capsys, "ask", "怎么防止过拟合", notes, "--json", "--min-confidence", 1.0)
    assert all(edge["confidence"] >= 1.0 for edge in json.loads(out)["related"])


@pytest.mark.parametrize("argv", [("export", "{notes}", "--format", "nq"), ("sparql", "{notes}", "ASK {{}}"), ("ask", "过拟合", "{notes}")])
def test_a_confidence_outside_zero_to_one_is_a_one_line_error(indexed, capsys, argv):
    notes, _ = indexed
    code, _, err = run(capsys, *(a.format(notes=notes) for a in argv), "--min-confidence", 1.5)
    assert code == 2 and "--min-confidence must be between 0 and 1" in err and "Traceback" not in err
