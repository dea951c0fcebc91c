"""`kgqa`: parse arguments, make one library call, print. Errors become one line."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli import commands
from cli.runtime import configure_process
from store.errors import KgqaError

EXIT_OK, EXIT_SKIPPED, EXIT_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    from kg.export import EXPORTERS
    from kg.relation_table import RELATIONS
    from retrieval.encoders import DEFAULT_ENCODER, ENCODERS
    from retrieval.legs import LEGS
    from retrieval.fusion import HYBRID

    legs = ",".join(LEGS)
    encoders = ", ".join(f"{name}:PATH" if entry.takes_path else name for name, entry in ENCODERS.items())
    parser = argparse.ArgumentParser(
        prog="kgqa",
        description="Offline knowledge-graph question answering over Markdown notes.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def notes_command(name: str, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.add_argument("notes", type=Path, help="the notes folder")
        command.add_argument("--index", type=Path, help="index directory (default NOTES/.kgqa)")
        return command

    ingest = notes_command("ingest", "build or update the index of a notes folder")
    chunk_options(ingest)
    ingest.add_argument("--model", help=f"encoder for the dense leg: {encoders}, or a model folder (default {DEFAULT_ENCODER})")
    ingest.add_argument("--no-dense", action="store_true", help="skip embeddings (BM25 and graph only)")
    ingest.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help="wait this long for another ingest")
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.set_defaults(handler=commands.ingest)

    watch = notes_command("watch", "keep the index current: re-ingest after every burst of changes to the notes (Ctrl-C stops)")
    watch.add_argument("--debounce", type=int, default=300, metavar="MS", help="a burst ends after this long without changes (default 300)")
    watch.add_argument("--max-burst", type=int, default=3000, metavar="MS", help="sync at the latest this long into a burst (default 3000)")
    chunk_options(watch)
    watch.add_argument("--model", help=f"encoder for the dense leg (as for ingest; default {DEFAULT_ENCODER})")
    watch.add_argument("--no-dense", action="store_true", help="skip embeddings (BM25 and graph only)")
    watch.add_argument("--json", action="store_true", help="one JSON object per sync instead of a line of text")
    remote_options(watch, "after each sync, push the new generation to this SPARQL server as `kgqa push` does "
                          "(a server that is down is retried at the next sync)")
    watch.add_argument("--timeout", type=float, default=30.0, help="with --store: seconds to wait for each answer (default 30)")
    watch.set_defaults(handler=commands.watch)

    status = notes_command("status", "what is indexed and what changed since")
    status.add_argument("--json", action="store_true")
    status.add_argument("--verify", action="store_true", help="also check every index file against its checksum")
    status.set_defaults(handler=commands.status)

    ask = sub.add_parser("ask", help="answer a question from the notes", description="answer a question from the notes")
    ask.add_argument("question")
    ask.add_argument("notes", type=Path)
    ask.add_argument("--index", type=Path)
    ask.add_argument("--k", type=int, default=5, help="passages to show (default 5)")
    ask.add_argument("--legs", default=legs, help=f"legs to fuse (default {legs})")
    ask.add_argument("--model", help="expect this encoder (refuses an index built with another)")
    ask.add_argument("--min-confidence", type=float, default=0.0, metavar="C",
                     help="related edges only from rules at least this sure (0-1, default 0)")
    ask.add_argument("--json", action="store_true")
    ask.set_defaults(handler=commands.ask)

    shell = notes_command("shell", "ask question after question with the index loaded once")
    shell.add_argument("--k", type=int, default=5)
    shell.set_defaults(handler=commands.shell)

    evaluation = sub.add_parser("eval", help="retrieval quality on one or more question files",
                                description="retrieval quality on one or more question files: one table per set and group")
    evaluation.add_argument("questions", type=Path, nargs="?", help="a question file (or use --set)")
    evaluation.add_argument("--notes", type=Path, help="the notes the questions are about (with QUESTIONS)")
    evaluation.add_argument("--index", type=Path)
    evaluation.add_argument("--set", action="append", default=[], dest="sets", metavar="NAME=QUESTIONS:NOTES[:INDEX]",
                            help="a named question set over its notes (and index); repeat for several sets")
    evaluation.add_argument("--legs", default=f"{legs},{HYBRID}",
                            help=f"legs to score, `a+b` for the fusion of a and b alone (default {legs},{HYBRID})")
    evaluation.add_argument("--ablation", action="store_true", help="score every leg alone, every pair, and all of them")
    evaluation.add_argument("--runs", type=Path, metavar="DIR", help="write one run file per leg here (DIR/NAME/ per set)")
    evaluation.add_argument("--json", action="store_true")
    evaluation.set_defaults(handler=commands.evaluate)

    concepts = notes_command("concepts", "concepts by typed degree, with aliases and counts")
    concepts.add_argument("--top", type=int, default=30)
    concepts.add_argument("--json", action="store_true")
    concepts.set_defaults(handler=commands.concepts)

    show = sub.add_parser("show", help="one concept: names, typed edges with file:lines, passages", description="one concept")
    show.add_argument("concept")
    show.add_argument("notes", type=Path)
    show.add_argument("--index", type=Path)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=commands.show)

    eval_graph = notes_command("eval-graph", "concept and triple recall against gold files")
    eval_graph.add_argument("--concepts", type=Path, required=True, action="append",
                            help="concepts gold JSONL (repeat, one per --triples, or once for all)")
    eval_graph.add_argument("--triples", type=Path, required=True, action="append",
                            help="triples gold JSONL (repeat to score several gold files at once)")
    eval_graph.add_argument("--sample", type=Path, help="write a random sample of 50 triples to judge (JSON)")
    eval_graph.add_argument("--json", action="store_true")
    eval_graph.set_defaults(handler=commands.eval_graph)

    sparql = sub.add_parser("sparql", help="run a read-only SPARQL query over the graph", description="run a read-only SPARQL query (prefixes kgqa, skos, rdfs, rdf, prov, dcterms, xsd are declared)")
    sparql.add_argument("notes", type=Path)
    sparql.add_argument("query", nargs="?", help="the query text (or --file)")
    sparql.add_argument("--file", type=Path, help="read the query from a .rq file")
    sparql.add_argument("--index", type=Path)
    sparql.add_argument("--format", default="table", help="table|json|csv|tsv|xml; turtle|nt|json-ld for CONSTRUCT/DESCRIBE")
    sparql.add_argument("--timeout", type=float, default=5.0, help="seconds before the query is stopped (default 5)")
    sparql.add_argument("--min-confidence", type=float, default=0.0, metavar="C",
                        help="query the graph without typed triples whose rule is less sure than C (0-1; local index only)")
    remote_options(sparql, "query this SPARQL server instead of the local index (see docs/stores.md)")
    sparql.set_defaults(handler=commands.sparql)

    export = notes_command("export", "export the graph (or a neighbourhood of it)")
    export.add_argument("--format", required=True, metavar="FORMAT",
                        help="; ".join(f"{e.name}: {e.description}" for e in EXPORTERS.values()))
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--concept", action="append", default=[], help="start concept (repeatable)")
    export.add_argument("--depth", type=int, default=1, help="hops from --concept (default 1)")
    export.add_argument("--relations", help=f"comma-separated relations to keep (default all: {','.join(RELATIONS)})")
    export.add_argument("--notes-glob", help="only notes whose path matches, e.g. 'nlp/*'")
    export.add_argument("--limit", type=int, help="at most this many concepts (html defaults to 300)")
    export.add_argument("--min-confidence", type=float, default=0.0, metavar="C",
                        help="only typed triples whose rule is at least this sure (0-1, default 0)")
    export.set_defaults(handler=commands.export)

    serve = notes_command("serve", "web page at /, JSON API at /api/, SPARQL 1.1 Protocol at /sparql (read-only)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default loopback only; others warn)")
    serve.add_argument("--port", type=int, default=7878)
    serve.add_argument("--timeout", type=float, default=5.0)
    serve.add_argument("--max-rows", type=int, default=10_000)
    serve.add_argument("--model", help="expect this encoder (refuses an index built with another)")
    serve.add_argument("--no-warm-up", action="store_true", help="load the index and model on the first request, not at start")
    remote_options(serve, "answer SPARQL from this server instead of the local index (see docs/stores.md)")
    serve.set_defaults(handler=commands.serve)

    mcp = notes_command("mcp", "serve the index to an AI assistant over MCP on stdio (tools ask, concept, concepts, related, sparql; kgqa:// resources; prompts)")
    mcp.add_argument("--timeout", type=float, default=5.0, help="seconds before a SPARQL query is stopped (default 5)")
    mcp.add_argument("--max-rows", type=int, default=10_000, help="rows a SPARQL result is cut at (default 10000)")
    mcp.add_argument("--model", help="expect this encoder (refuses an index built with another)")
    mcp.add_argument("--no-warm-up", action="store_true", help="load the index and model on the first call, not at start")
    mcp.set_defaults(handler=commands.mcp)

    push = notes_command("push", "send the graph to a SPARQL 1.1 server, one named graph per note (only what changed)")
    remote_options(push, "the server (Graph Store Protocol), e.g. http://127.0.0.1:7878 for `oxigraph serve`", required=True)
    push.add_argument("--full", action="store_true", help="resend every note graph, whatever the server received before")
    push.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for each answer (default 30)")
    push.add_argument("--json", action="store_true")
    push.set_defaults(handler=commands.push)
    return parser


def chunk_options(command: argparse.ArgumentParser) -> None:
    """The passage-size options of every command that builds an index (ingest, watch)."""
    command.add_argument("--max-chars", type=int, default=700, help="passage size that small blocks merge up to")
    command.add_argument("--max-lines", type=int, default=20, help="...and the most lines with text a passage holds (default 20; a longer code block stays whole)")


def remote_options(command: argparse.ArgumentParser, help_text: str, required: bool = False) -> None:
    from kg.remote import AUTH_VARIABLE, DEFAULT_LAYOUT, SERVER_LAYOUTS, TOKEN_VARIABLE

    command.add_argument("--store", metavar="URL", required=required,
                         help=f"{help_text}; credentials from ${AUTH_VARIABLE} (an Authorization header) or ${TOKEN_VARIABLE} (a bearer token)")
    command.add_argument("--store-type", choices=sorted(SERVER_LAYOUTS), default=DEFAULT_LAYOUT,
                         help=f"where the server keeps its endpoints below URL (default {DEFAULT_LAYOUT})")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_process()
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print("kgqa: interrupted", file=sys.stderr)
        return 130
    except KgqaError as error:
        print(f"kgqa: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # the promise is one line, never a traceback
        if os.environ.get("KGQA_DEBUG"):
            raise
        print(f"kgqa: internal error: {type(error).__name__}: {error} (set KGQA_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_ERROR


def run() -> None:
    """The `kgqa` command: main(), then exit without tearing the interpreter down.

    Teardown frees millions of objects one by one (jieba's dictionary, spaCy's
    vocabulary, the index): 0.2 s of a 1.5 s re-ingest spent on nothing. By now
    every index file is written, renamed and closed; only the streams need a flush.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    run()
