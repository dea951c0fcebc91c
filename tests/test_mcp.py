"""`kgqa mcp`: tools, resources and prompts through the SDK's in-process client, and raw JSON-RPC over a real stdio subprocess."""
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
from urllib.parse import quote

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
RESOURCES = ["kgqa://status", "kgqa://concepts", "kgqa://notes"]
TEMPLATES = ["kgqa://concept/{name}", "kgqa://note/{+path}{?start,end}"]
PROMPTS = {"answer_from_notes": ["question"], "explain_concept": ["name"]}
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
    async def talk(client):
        listed = await client.list_tools()
        return [t.name for t in listed.tools], [await client.call_tool(name, arguments) for name, arguments in calls]

    return with_client(tools, talk)


def with_client(tools: NotesTools, talk):
    """Run `await talk(client)` against the server in-process; its result."""
    from mcp import Client

    async def run():
        with anyio.fail_after(REPLY_TIMEOUT):
            async with Client(make_mcp_server(tools)) as client:
                return await talk(client)

    return anyio.run(run)


async def read_all(client, uris: list[str]) -> list:
    """Each resource's text, or the protocol error it gave (an MCPError: code and one-line message)."""
    from mcp.shared.exceptions import MCPError

    results = []
    for uri in uris:
        try:
            (content,) = (await client.read_resource(uri)).contents
            results.append(content.text)
        except MCPError as error:
            results.append(error)
    return results


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


def test_resources_give_a_concept_with_its_edges_that_the_note_lines_state(examples_index, capsys):
    notes, index = examples_index
    tools = NotesTools(notes, index)

    async def talk(client):
        listed = [r.uri for r in (await client.list_resources()).resources]
        templates = [t.uri_template for t in (await client.list_resource_templates()).resource_templates]
        concept, by_alias, every, indexed, status = await read_all(client, [
            "kgqa://concept/LSTM", "kgqa://concept/" + quote("长短期记忆网络"), "kgqa://concepts", "kgqa://notes", "kgqa://status"])
        lstm = json.loads(concept)
        cited = [edge for edge in lstm["out"] if edge["predicate"] == "has_component"]
        lines = await read_all(client, [f"kgqa://note/{e['path']}?start={e['start_line']}&end={e['end_line']}" for e in cited])
        whole = await read_all(client, [note["uri"] for note in json.loads(indexed)])
        return listed, templates, lstm, json.loads(by_alias), json.loads(every), json.loads(indexed), json.loads(status), cited, lines, whole

    try:
        listed, templates, lstm, by_alias, every, indexed, status, cited, lines, whole = with_client(tools, talk)
    finally:
        tools.close()
    assert listed == RESOURCES and templates == TEMPLATES
    assert lstm == cli_json(capsys, "show", "LSTM", str(notes)) and by_alias["label"] == "LSTM"
    assert {n["name"]: n["why"] for n in lstm["names"]}["Long Short-Term Memory"] == "glossary"
    # every has_component edge names its file and lines, and those lines of the note say the component
    assert {e["other"] for e in cited} >= {"遗忘门", "记忆单元"} and {e["path"] for e in cited} == {"rnn.md"}
    for edge, text in zip(cited, lines):
        assert 1 <= edge["start_line"] <= edge["end_line"] and edge["other"] in text, (edge, text)
        assert text.split("\n") == (notes / "rnn.md").read_text(encoding="utf-8").split("\n")[edge["start_line"] - 1:edge["end_line"]]
    assert [row["label"] for row in every] == [row["label"] for row in cli_json(capsys, "concepts", str(notes), "--top", "100000")]
    assert every[0]["uri"] == "kgqa://concept/" + quote(every[0]["label"], safe="")
    assert [note["path"] for note in indexed] == sorted(p.relative_to(notes).as_posix() for p in notes.rglob("*.md"))
    assert whole == [(notes / note["path"]).read_text(encoding="utf-8") for note in indexed]
    assert status["generation"] == IndexStore(index).current().name and status["up_to_date"] is True
    assert status["stages"]["graph"]["concepts"] == len(every) and status["notes"] == len(indexed)
    assert status["notes_folder"] == str(notes)


def test_a_note_outside_the_folder_or_not_in_the_index_is_refused_in_one_line(tmp_path):
    from mcp_types import INVALID_PARAMS

    notes = copy_examples(tmp_path / "notes")
    (tmp_path / "secret.md").write_text("# 密码\n\nhunter2\n", encoding="utf-8")
    (notes / "linked.md").symlink_to(tmp_path / "secret.md")  # indexed: ingest reads a symlink through its target
    (notes / "notes.txt").write_text("not a note\n", encoding="utf-8")
    build_index(notes, None, HASHING)
    tools = NotesTools(notes, notes / ".kgqa")
    try:
        refused = with_client(tools, lambda client: read_all(client, [
            "kgqa://note/../secret.md", "kgqa://note/nlp/%2E%2E/%2E%2E/secret.md", "kgqa://note/" + quote(str(tmp_path / "secret.md")),
            "kgqa://note/linked.md", "kgqa://note/notes.txt", "kgqa://note/.kgqa/CURRENT", "kgqa://concept/LSTMM",
            "kgqa://note/rnn.md?start=x", "kgqa://note/rnn.md?start=500"]))
    finally:
        tools.close()
    assert all(error.code == INVALID_PARAMS and len(error.message.splitlines()) == 1 for error in refused)
    messages = [error.message for error in refused]
    outside = f"is outside the notes folder {notes}"
    assert messages[:4] == [f"'../secret.md' {outside}", f"'nlp/../../secret.md' {outside}",
                            f"{str(tmp_path / 'secret.md')!r} {outside}", f"'linked.md' {outside}"]
    assert messages[4:6] == ["no note 'notes.txt' in the index", "no note '.kgqa/CURRENT' in the index"]
    assert "did you mean LSTM" in messages[6]
    assert messages[7] == "start must be a line number (1 or more), not 'x'" and "there is no line 500" in messages[8]
    assert not any("hunter2" in message for message in messages)

    empty = copy_examples(tmp_path / "fresh")
    missing = NotesTools(empty, empty / ".kgqa")
    try:
        (no_index,) = with_client(missing, lambda client: read_all(client, ["kgqa://concepts"]))
    finally:
        missing.close()
    assert no_index.message.startswith(f"no index at {empty / '.kgqa'}") and f"kgqa ingest {empty}" in no_index.message


def test_prompts_render_with_their_argument_and_names_complete(examples_index, capsys):
    from mcp.shared.exceptions import MCPError
    from mcp_types import PromptReference, ResourceTemplateReference

    notes, index = examples_index
    tools = NotesTools(notes, index)

    async def talk(client):
        listed = {p.name: [(a.name, a.required) for a in p.arguments] for p in (await client.list_prompts()).prompts}
        asked = await client.get_prompt("answer_from_notes", {"question": QUESTION})
        explained = await client.get_prompt("explain_concept", {"name": "long short-term memory"})
        try:
            await client.get_prompt("explain_concept", {"name": "LSTMM"})
        except MCPError as error:
            unknown = error
        names = await client.complete(PromptReference(type="ref/prompt", name="explain_concept"), {"name": "name", "value": "遗忘"})
        in_uri = await client.complete(ResourceTemplateReference(type="ref/resource", uri=TEMPLATES[0]), {"name": "name", "value": "lst"})
        paths = await client.complete(ResourceTemplateReference(type="ref/resource", uri=TEMPLATES[1]), {"name": "path", "value": "nlp/"})
        return listed, asked, explained, unknown, names.completion.values, in_uri.completion.values, paths.completion.values

    try:
        listed, asked, explained, unknown, names, in_uri, paths = with_client(tools, talk)
    finally:
        tools.close()
    assert listed == {name: [(argument, True) for argument in arguments] for name, arguments in PROMPTS.items()}
    (message,) = asked.messages
    assert message.role == "user" and message.content.text.endswith(f"Question: {QUESTION}")
    assert "Call the `ask` tool" in message.content.text and "`file:start-end`" in message.content.text
    text, attached = explained.messages
    assert text.content.text.startswith("Explain the concept long short-term memory (in my notes: LSTM)")
    assert "`file:start-end`" in text.content.text
    assert attached.content.resource.uri == "kgqa://concept/LSTM"
    assert json.loads(attached.content.resource.text) == cli_json(capsys, "show", "LSTM", str(notes))
    assert "did you mean LSTM" in unknown.message and len(unknown.message.splitlines()) == 1
    assert names[0] == "遗忘门" and in_uri[0] == "LSTM" and paths == ["nlp/attention.md"]


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

    def initialize(self) -> dict:
        """The handshake (request 1, then the initialized notification); the server's result."""
        init = self.request(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                              "clientInfo": {"name": "raw-test", "version": "0"}})
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        return init["result"]

    def finish(self) -> None:
        """Close stdin as a client that goes away does: the server exits 0, wrote only protocol, no traceback."""
        try:
            self.process.stdin.close()
            assert self.process.wait(timeout=30) == 0
        finally:
            self.process.kill()
        assert self.lines.empty()
        assert "Traceback" not in self.process.stderr.read().decode("utf-8")

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
        init = peer.initialize()
        assert init["serverInfo"]["name"] == "kgqa" and "tools" in init["capabilities"]
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
    finally:
        peer.finish()
    assert time.monotonic() - started < REPLY_TIMEOUT


def test_raw_json_rpc_lists_and_reads_resources_and_prompts_over_stdio(examples_index):
    notes, _ = examples_index
    peer = StdioPeer(notes)
    try:
        assert {"tools", "resources", "prompts", "completions"} <= set(peer.initialize()["capabilities"])
        assert [r["uri"] for r in peer.request(2, "resources/list")["result"]["resources"]] == RESOURCES
        templates = peer.request(3, "resources/templates/list")["result"]["resourceTemplates"]
        assert [t["uriTemplate"] for t in templates] == TEMPLATES
        read = peer.request(4, "resources/read", {"uri": "kgqa://concept/" + quote("遗忘门")})["result"]["contents"]
        assert [(c["uri"], c["mimeType"]) for c in read] == [("kgqa://concept/" + quote("遗忘门"), "application/json")]
        forget_gate = json.loads(read[0]["text"])
        assert ("LSTM", "has_component", "rnn.md") in [(e["other"], e["predicate"], e["path"]) for e in forget_gate["in"]]
        note = peer.request(5, "resources/read", {"uri": "kgqa://note/nlp/attention.md?start=1&end=1"})["result"]["contents"]
        assert note[0]["mimeType"] == "text/markdown" and note[0]["text"] == "# Attention"
        outside = peer.request(6, "resources/read", {"uri": "kgqa://note/../../etc/passwd"})
        assert outside["error"]["code"] == -32602
        assert outside["error"]["message"] == f"'../../etc/passwd' is outside the notes folder {notes}"
        prompts = peer.request(7, "prompts/list")["result"]["prompts"]
        assert {p["name"]: [a["name"] for a in p["arguments"]] for p in prompts} == PROMPTS
        rendered = peer.request(8, "prompts/get", {"name": "answer_from_notes", "arguments": {"question": QUESTION}})
        (message,) = rendered["result"]["messages"]
        assert message["role"] == "user" and message["content"]["text"].endswith(f"Question: {QUESTION}")
        explained = peer.request(9, "prompts/get", {"name": "explain_concept", "arguments": {"name": "LSTMM"}})
        assert explained["error"]["code"] == -32602 and "did you mean LSTM" in explained["error"]["message"]
    finally:
        peer.finish()
