"""`kgqa mcp`: the tools through the SDK's in-process client, and raw JSON-RPC over a real stdio subprocess."""
from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import anyio
import pytest

from cli.main import main
from conftest import EXAMPLES, PROJECT
from pipeline import BuildOptions, build_index
from retrieval.encoders import resolve_encoder
from service.mcp import NotesTools, make_mcp_server
from store import IndexStore

HASHING = BuildOptions(encoder=resolve_encoder("hashing"))
QUESTION = "LSTM 有哪些门？"
TOOLS = ["ask", "concept", "concepts", "related", "sparql"]
REPLY_TIMEOUT = 120.0


def copy_examples(target: Path) -> Path:
    shutil.copytree(EXAMPLES, target, ignore=shutil.ignore_patterns(".kgqa"))
    return target


@pytest.fixture(scope="module")
def examples_index(tmp_path_factory):
    notes = copy_examples(tmp_path_factory.mktemp("mcp") / "notes")
    build_index(notes, None, HASHING)
    return notes, notes / ".kgqa"


def call_tools(tools: NotesTools, calls: list[tuple[str, dict]]) -> tuple[list[str], list]:
    """The SDK's in-process client: list the tools, make the calls; (names, [results])."""
    from mcp import Client

    async def run():
        with anyio.fail_after(REPLY_TIMEOUT):
            async with Client(make_mcp_server(tools)) as client:
                listed = await client.list_tools()
                return [t.name for t in listed.tools], [await client.call_tool(name, arguments) for name, arguments in calls]

    return anyio.run(run)


def cli_json(capsys, *argv: str) -> object:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def text_of(result) -> str:
    return result.content[0].text


def test_the_tools_answer_what_the_cli_prints(examples_index, capsys):
    notes, index = examples_index
    tools = NotesTools(notes, index)
    try:
        names, (asked, shown, top, related, only, some_legs, counted) = call_tools(tools, [
            ("ask", {"question": QUESTION, "k": 3}),
            ("concept", {"name": "LSTM"}),
            ("concepts", {"top": 5}),
            ("related", {"name": "LSTM"}),
            ("related", {"name": "lstm", "relation": "has_component"}),
            ("ask", {"question": QUESTION, "k": 3, "legs": "bm25, graph"}),
            ("sparql", {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?c a skos:Concept }"}),
        ])
    finally:
        tools.close()
    assert names == TOOLS
    assert not any(r.is_error for r in (asked, shown, top, related, only, some_legs, counted))
    assert some_legs.structured_content == cli_json(capsys, "ask", QUESTION, str(notes), "--k", "3", "--legs", "bm25,graph")
    assert asked.structured_content == cli_json(capsys, "ask", QUESTION, str(notes), "--k", "3")
    assert json.loads(text_of(asked)) == asked.structured_content
    first = asked.structured_content["passages"][0]
    assert (first["file"], first["start"] <= first["end"]) == ("rnn.md", True) and first["heading_path"] and first["text"]
    assert shown.structured_content == cli_json(capsys, "show", "LSTM", str(notes))
    assert top.structured_content["result"] == cli_json(capsys, "concepts", str(notes), "--top", "5")
    edges = related.structured_content["related"]
    assert {e["direction"] for e in edges} <= {"in", "out"} and all(e["file"].endswith(".md") for e in edges)
    components = [e["concept"] for e in only.structured_content["related"]]
    assert components and {e["relation"] for e in only.structured_content["related"]} == {"has_component"}
    assert components == [e["concept"] for e in edges if e["relation"] == "has_component"]
    assert "记忆单元" in components
    rows = json.loads(counted.structured_content["result"])["results"]["bindings"]
    count = int(rows[0]["n"]["value"])
    assert count == len(cli_json(capsys, "concepts", str(notes), "--top", "100000"))


def test_tool_errors_are_one_line_and_say_what_to_do(examples_index, tmp_path, capsys):
    notes, index = examples_index
    tools = NotesTools(notes, index, timeout=2.0)
    try:
        _, (typo, relation, update, bad_k, bad_leg) = call_tools(tools, [
            ("concept", {"name": "LSTMM"}),
            ("related", {"name": "LSTM", "relation": "befriends"}),
            ("sparql", {"query": "DELETE WHERE { ?s ?p ?o }"}),
            ("ask", {"question": QUESTION, "k": 0}),
            ("ask", {"question": QUESTION, "legs": ["bm25", "psychic"]}),
        ])
    finally:
        tools.close()
    for result in (typo, relation, update, bad_k, bad_leg):
        assert result.is_error and len(text_of(result).splitlines()) == 1
    assert "did you mean LSTM" in text_of(typo)
    assert "choose from has_component" in text_of(relation)
    assert "refused" in text_of(update)
    assert "k must be between 1 and" in text_of(bad_k)
    assert "psychic" in text_of(bad_leg) and "bm25" in text_of(bad_leg)

    empty = copy_examples(tmp_path / "fresh")
    missing = NotesTools(empty, empty / ".kgqa")
    try:
        _, (no_index,) = call_tools(missing, [("ask", {"question": QUESTION})])
        assert no_index.is_error and f"kgqa ingest {empty}" in text_of(no_index)
        with IndexStore(empty / ".kgqa").writing() as staged:  # a first ingest under way
            _, (building,) = call_tools(missing, [("concepts", {})])
            assert main(["show", "LSTM", str(empty)]) == 2
            staged.discard()
        assert building.is_error and f"is being built (kgqa pid {os.getpid()})" in text_of(building)
        assert capsys.readouterr().err.strip().splitlines() == [f"kgqa: error: {text_of(building).split(': ', 1)[1]}"]
        build_index(empty, None, HASHING)  # the same server answers once the index exists
        _, (answered,) = call_tools(missing, [("concept", {"name": "LSTM"})])
        assert not answered.is_error and answered.structured_content["label"] == "LSTM"
    finally:
        missing.close()


def test_a_running_server_answers_from_each_new_generation_with_the_model_loaded_once(tmp_path, monkeypatch):
    import retrieval.encoders
    import retrieval.legs.dense

    loads = []
    real_load = retrieval.encoders.load_encoder
    for module in (retrieval.encoders, retrieval.legs.dense):
        monkeypatch.setattr(module, "load_encoder", lambda choice: loads.append(choice.name) or real_load(choice))
    notes = copy_examples(tmp_path / "notes")
    build_index(notes, None, HASHING)
    tools = NotesTools(notes, notes / ".kgqa")
    try:
        _, (before, _) = call_tools(tools, [("concept", {"name": "批归一化"}), ("ask", {"question": QUESTION})])
        assert all(edge["path"] != "norm.md" for edge in before.structured_content["out"])
        (notes / "norm.md").write_text("# 归一化\n\n批归一化（Batch Normalization）用于解决梯度消失。\n", encoding="utf-8")
        build_index(notes, None, HASHING)
        loads.clear()  # the ingest loads its own encoder; the server must not load one again
        _, (after, asked) = call_tools(tools, [("related", {"name": "Batch Normalization", "relation": "solves"}),
                                               ("ask", {"question": "批归一化解决什么问题", "k": 1})])
        assert ("norm.md", "out", "梯度消失") in [(e["file"], e["direction"], e["concept"]) for e in after.structured_content["related"]]
        assert asked.structured_content["passages"][0]["file"] == "norm.md"
        assert asked.structured_content["legs"] == ["bm25", "dense", "graph"] and loads == []
    finally:
        tools.close()


class StdioPeer:
    """A `kgqa mcp` subprocess spoken to in newline-delimited JSON-RPC; every stdout line must be a message."""

    def __init__(self, notes: Path) -> None:
        env = dict(os.environ, PYTHONPATH=str(PROJECT))
        self.process = subprocess.Popen([sys.executable, "-m", "cli", "mcp", str(notes)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()

    def send(self, message: dict) -> None:
        self.process.stdin.write((json.dumps(message, ensure_ascii=False) + "\n").encode("utf-8"))
        self.process.stdin.flush()

    def receive(self, timeout: float = REPLY_TIMEOUT) -> dict:
        line = self.lines.get(timeout=timeout)
        message = json.loads(line)  # anything else on stdout fails here
        assert message["jsonrpc"] == "2.0"
        return message

    def request(self, id: int, method: str, params: dict | None = None) -> dict:
        self.send({"jsonrpc": "2.0", "id": id, "method": method, **({"params": params} if params is not None else {})})
        reply = self.receive()
        assert reply["id"] == id, reply
        return reply


def test_raw_json_rpc_over_stdio_initialize_list_and_call(examples_index):
    notes, _ = examples_index
    peer = StdioPeer(notes)
    started = time.monotonic()
    try:
        init = peer.request(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                              "clientInfo": {"name": "raw-test", "version": "0"}})
        assert init["result"]["serverInfo"]["name"] == "kgqa" and "tools" in init["result"]["capabilities"]
        peer.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        listed = peer.request(2, "tools/list")
        assert [tool["name"] for tool in listed["result"]["tools"]] == TOOLS
        ask_schema = next(t for t in listed["result"]["tools"] if t["name"] == "ask")["inputSchema"]
        assert ask_schema["required"] == ["question"] and ask_schema["properties"]["k"]["default"] == 5
        called = peer.request(3, "tools/call", {"name": "ask", "arguments": {"question": QUESTION, "k": 2}})
        document = called["result"]["structuredContent"]
        assert called["result"]["isError"] is False and json.loads(called["result"]["content"][0]["text"]) == document
        assert [p["rank"] for p in document["passages"]] == [1, 2] and document["passages"][0]["file"] == "rnn.md"
        failed = peer.request(4, "tools/call", {"name": "concept", "arguments": {"name": "LSTMM"}})
        assert failed["result"]["isError"] is True and "did you mean LSTM" in failed["result"]["content"][0]["text"]
        peer.process.stdin.close()  # the client going away ends the server
        assert peer.process.wait(timeout=30) == 0
    finally:
        peer.process.kill()
    assert peer.lines.empty()
    assert "Traceback" not in peer.process.stderr.read().decode("utf-8")
    assert time.monotonic() - started < REPLY_TIMEOUT
