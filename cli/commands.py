"""One function per subcommand: parse what argparse could not, make one library call, print.

Library errors are `store.errors.KgqaError`s; `cli.main` prints them as one line.
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from cli.progress import progress_bar
from store import resolve_index_dir
from store.errors import KgqaError


class UserError(KgqaError):
    """A bad command line (the library's own errors need no wrapping)."""


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def _warn(line: str) -> None:
    print(line, file=sys.stderr)


def _index_dir(args: argparse.Namespace) -> Path:
    return resolve_index_dir(args.notes, args.index)


def _session(args: argparse.Namespace, model: str | None = None):
    from retrieval.encoders import resolve_encoder
    from service.session import Session

    return Session(_index_dir(args), resolve_encoder(model) if model else None)


def _chunk_config(args: argparse.Namespace):
    """`--max-chars` and `--max-lines` (cli.main.chunk_options), checked."""
    from ingest import ChunkConfig

    if args.max_chars < 50 or args.max_lines < 2:
        raise UserError("--max-chars must be at least 50 and --max-lines at least 2")
    return ChunkConfig(max_chars=args.max_chars, max_lines=args.max_lines)


def ingest(args: argparse.Namespace) -> int:
    from cli.render import format_ingest
    from pipeline import BuildOptions, build_index
    from retrieval.encoders import resolve_encoder

    if not args.notes.is_dir():
        raise UserError(f"notes folder not found: {args.notes}")
    chunk = _chunk_config(args)
    encoder = None if args.no_dense else resolve_encoder(args.model)
    options = BuildOptions(chunk=chunk, wait_seconds=args.wait, encoder=encoder)
    with progress_bar() as progress:
        report = build_index(args.notes, args.index, options, progress)
    for problem in report.ingest.problems:
        _warn(str(problem))
    summary = ingest_summary(report)
    if args.json:
        _print_json(summary)
    else:
        print(format_ingest(summary))
    return 1 if report.ingest.skipped else 0


def watch(args: argparse.Namespace) -> int:
    from cli.render import format_push, format_sync
    from pipeline import BuildOptions
    from pipeline.watch import WatchOptions, watch_notes
    from retrieval.encoders import resolve_encoder

    if not args.notes.is_dir():
        raise UserError(f"notes folder not found: {args.notes}")
    chunk = _chunk_config(args)
    if args.debounce < 1 or args.max_burst < args.debounce:
        raise UserError("--debounce must be at least 1 ms and --max-burst at least --debounce")
    encoder = None if args.no_dense else resolve_encoder(args.model)
    build = BuildOptions(chunk=chunk, encoder=encoder)
    store = _remote(args) if args.store else None
    options = WatchOptions(build, quiet_ms=args.debounce, max_burst_ms=args.max_burst, push_to=store)

    def report(sync) -> None:
        if sync.build is not None:
            for problem in sync.build.ingest.problems:
                _warn(str(problem))
        if args.json:
            print(json.dumps(sync_summary(sync), ensure_ascii=False, sort_keys=True), flush=True)
        else:
            print(format_sync(sync_summary(sync)), flush=True)

    def pushed(attempt) -> None:
        summary = push_attempt_summary(attempt)
        print(json.dumps(summary, ensure_ascii=False, sort_keys=True) if args.json else format_push(summary, watching=True), flush=True)

    if not args.json:
        pushing = f", pushing each generation to {store.url}" if store else ""
        _warn(f"kgqa: watching {args.notes} (index {_index_dir(args)}{pushing}); Ctrl-C stops")
    try:
        watch_notes(args.notes, args.index, options, report, on_push=pushed)
    except KeyboardInterrupt:
        if not args.json:
            _warn("kgqa: stopped watching")
    return 0


MAX_PATHS_LISTED = 100
"""A burst of thousands of events is one line, not thousands of names."""


def sync_summary(sync) -> dict:
    """One watch sync: what the events named, what the ingest changed, how long it took."""
    summary = {"events_for": list(sync.paths[:MAX_PATHS_LISTED]), "events_for_count": len(sync.paths), "busy": sync.busy,
               "error": sync.error}
    if sync.build is not None:
        changes = sync.build.ingest.changes
        summary.update(ingest_summary(sync.build))
        summary.update({"notes_added": list(changes.notes_added), "notes_changed": list(changes.notes_changed),
                        "notes_deleted": list(changes.notes_deleted)})
    summary["took_seconds"] = round(sync.seconds, 3)  # the whole sync; "seconds" holds the stages'
    return summary


def ingest_summary(report) -> dict:
    """What one ingest did, for the summary line and --json."""
    result, changes = report.ingest, report.ingest.changes
    return {
        "index": str(report.index_dir),
        "generation": report.generation,
        "notes": len(result.notes),
        "passages": len(result.passages),
        "reparsed_notes": len(result.reparsed),
        "passages_added": len(changes.added),
        "passages_deleted": len(changes.deleted),
        "passages_moved": len(changes.moved),
        "notes_renamed": [list(pair) for pair in changes.notes_renamed],
        "skipped_files": len(result.skipped),
        "warnings": len(result.problems) - len(result.skipped),
        "stages_rebuilt": list(report.rebuilt),
        "graph_reread_passages": report.extracted,
        "embedded_passages": report.embedded,
        "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
    }


def status(args: argparse.Namespace) -> int:
    from cli.render import format_status
    from service.documents import status_document
    from store import IndexStore

    index_dir = _index_dir(args)
    report = status_document(args.notes, index_dir, IndexStore(index_dir).current(), args.verify)
    if args.json:
        _print_json(report)
    else:
        print(format_status(report))
    return 1 if report.get("verify_problems") else 0


def _legs(text: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    from retrieval.legs import parse_legs

    return parse_legs(text, extra)


def _ask(session, question: str, k: int, legs: tuple[str, ...], min_confidence: float = 0.0):
    from retrieval.engine import RetrievalConfig

    return session.retriever.ask(question, k=k, config=RetrievalConfig(legs=legs, min_confidence=min_confidence))


def _confidence(value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise UserError(f"--min-confidence must be between 0 and 1, not {value:g}")
    return value


def ask(args: argparse.Namespace) -> int:
    from cli.render import format_answer
    from service.documents import answer_document

    if args.k < 1:
        raise UserError("--k must be at least 1")
    legs = _legs(args.legs)
    answer = _ask(_session(args, args.model), args.question, args.k, legs, _confidence(args.min_confidence))
    if args.json:
        _print_json(answer_document(answer, args.notes))
    else:
        print(format_answer(answer, _terminal_links(args.notes)))
    return 0


def _terminal_links(notes: Path):
    """link(path, line) when stdout is a terminal that shows OSC 8 hyperlinks, else None (plain text).

    KGQA_LINK_FORMAT picks the URL: file (default), vscode, cursor, idea, subl, obsidian, none, or a
    template with {path} and {line}."""
    import os

    from cli.terminal import supports_hyperlinks
    from service.links import linker

    chosen = linker(notes, os.environ.get("KGQA_LINK_FORMAT"))  # a bad value is an error even when piped
    if chosen is None or not supports_hyperlinks(sys.stdout, os.environ):
        return None
    return chosen.url


def shell(args: argparse.Namespace) -> int:
    from cli.render import format_answer

    session = _session(args)
    links = _terminal_links(args.notes)
    interactive = sys.stdin.isatty()
    if interactive:
        print(f"kgqa shell: {len(session.passages)} passages, {len(session.graph.concepts)} concepts. Empty line or Ctrl-D quits.")
    while True:
        try:
            question = input("? " if interactive else "")
        except EOFError:
            break
        if not question.strip():
            if interactive:
                break
            continue
        try:
            session.refresh()
            print(format_answer(_ask(session, question, args.k, _legs(None)), links))
        except KgqaError as error:
            print(f"kgqa: error: {error}", file=sys.stderr)
        print()
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from cli.render import format_evaluation
    from retrieval.evaluate import ablation, evaluate_sets

    rows = tuple(ablation()) if args.ablation else _eval_rows(args.legs)
    sets = _eval_sets(args)
    try:
        results = evaluate_sets(sets, list(rows), runs_dir=args.runs)
    except OSError as error:
        raise UserError(f"cannot read {error.filename}: {error.strerror}") from None
    except ValueError as error:
        raise UserError(str(error)) from None
    if args.json:
        _print_json(results if args.sets else results[sets[0].name])
        return 0
    print("\n\n".join(format_evaluation(scores, rows, name if args.sets else None) for name, scores in results.items()))
    if args.runs:
        print(f"\nrun files written to {args.runs}/")
    return 0


def _eval_rows(text: str) -> tuple[str, ...]:
    """`bm25,dense+graph,hybrid`: each row's legs checked against the registry."""
    from retrieval.evaluate import COMBINE
    from retrieval.fusion import HYBRID

    rows = tuple(row.strip() for row in text.split(",") if row.strip())
    for row in rows:
        _legs(row.replace(COMBINE, ","), (HYBRID,))
    return rows or _legs(None)


def _eval_sets(args: argparse.Namespace):
    """The positional QUESTIONS --notes N form, or the repeated --set NAME=QUESTIONS:NOTES[:INDEX]."""
    from retrieval.evaluate import EvalSet

    if args.questions is not None:
        if args.sets:
            raise UserError("give either QUESTIONS --notes NOTES or --set, not both")
        if args.notes is None:
            raise UserError("QUESTIONS needs --notes NOTES (the folder the gold lines point into)")
        return [EvalSet(args.questions.stem, args.questions, args.notes, args.index)]
    if not args.sets:
        raise UserError("nothing to evaluate: give QUESTIONS --notes NOTES or --set NAME=QUESTIONS:NOTES")
    if args.index is not None or args.notes is not None:
        raise UserError("with --set, give each set's index as NAME=QUESTIONS:NOTES:INDEX")
    sets = []
    for text in args.sets:
        name, equals, paths = text.partition("=")
        parts = paths.split(":")
        if not equals or not name.strip() or len(parts) not in (2, 3) or not all(parts[:2]):
            raise UserError(f"--set {text!r}: expected NAME=QUESTIONS:NOTES or NAME=QUESTIONS:NOTES:INDEX")
        if name in {s.name for s in sets}:
            raise UserError(f"--set {name!r} given twice")
        sets.append(EvalSet(name.strip(), Path(parts[0]), Path(parts[1]), Path(parts[2]) if len(parts) == 3 and parts[2] else None))
    return sets


def concepts(args: argparse.Namespace) -> int:
    from cli.render import format_concepts
    from service.documents import concepts_document

    rows = concepts_document(_session(args).graph, args.top)
    if args.json:
        _print_json(rows)
    else:
        print(format_concepts(rows))
    return 0


def show(args: argparse.Namespace) -> int:
    from cli.render import format_concept
    from service.documents import concept_document

    session = _session(args)
    document = concept_document(session.graph, session.passages, args.concept)
    if args.json:
        _print_json(document)
    else:
        print(format_concept(document))
    return 0


def eval_graph(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_graph, precision_sample, read_jsonl

    concepts, triples = args.concepts, args.triples
    if len(concepts) == 1:
        concepts = concepts * len(triples)
    if len(concepts) != len(triples):
        raise UserError("give one --concepts per --triples, or a single --concepts for all of them")
    graph = _session(args).graph
    scores = []
    for concepts_file, triples_file in zip(concepts, triples):
        try:
            scores.append((triples_file, evaluate_graph(graph, read_jsonl(concepts_file), read_jsonl(triples_file))))
        except (OSError, ValueError, KeyError) as error:
            raise UserError(f"cannot read the gold files {concepts_file}, {triples_file}: {error}") from None
    sample = None
    if args.sample:
        try:
            judged = json.loads(args.sample.read_text(encoding="utf-8")) if args.sample.exists() else []
        except (OSError, ValueError) as error:
            raise UserError(f"{args.sample}: not a sample written by --sample ({error})") from None
        sample = precision_sample(graph, judged=judged if isinstance(judged, list) else [])
        args.sample.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        documents = [{"gold": str(path), **asdict(score)} for path, score in scores]
        _print_json(documents[0] if len(documents) == 1 else documents)
        return 0
    from cli.render import format_graph_scores

    print(format_graph_scores([(str(path), score) for path, score in scores]))
    print(f"graph: {len(graph.concepts)} concepts, {len(graph.triples)} typed triples, {len(graph.mentions)} mentions")
    if sample is not None:
        verdicts = [item["correct"] for item in sample if item["correct"] is not None]
        print(f"precision sample {args.sample}: {sum(map(bool, verdicts))}/{len(verdicts)} judged correct, "
              f"{len(sample) - len(verdicts)} to judge")
    return 0


def _remote(args: argparse.Namespace):
    import os

    from kg.remote import remote_store

    return remote_store(args.store, args.store_type, dict(os.environ), timeout=args.timeout)


def sparql(args: argparse.Namespace) -> int:
    from kg.sparql import QueryError, run_in_generation

    if args.file:
        try:
            query = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"cannot read {args.file}: {error}") from None
    elif args.query:
        query = args.query
    else:
        raise UserError("give a query or --file QUERY.rq")
    min_confidence = _confidence(args.min_confidence)
    if args.store and min_confidence:
        raise UserError("--min-confidence filters the local index; with --store, filter on kgqa:confidence in the query")
    try:
        if min_confidence:
            from kg.sparql import run_above_confidence

            session = _session(args)
            output = run_above_confidence(session.notes, session.passages, session.graph, min_confidence, query,
                                          args.format, timeout=args.timeout)
        elif args.store:
            from kg.remote import RemoteClient, remote_query

            with RemoteClient(_remote(args)) as client:
                output = remote_query(client, query, args.format)
        else:
            from store import IndexStore

            output = run_in_generation(IndexStore(_index_dir(args)).current().directory, query, args.format, timeout=args.timeout)
    except QueryError as error:
        raise UserError(f"{args.file or 'query'}: {error}") from None
    sys.stdout.buffer.write(output.body)
    if output.truncated:
        _warn(f"kgqa: result cut at {output.rows} rows")
    return 0


def export(args: argparse.Namespace) -> int:
    from kg.export import exporter, write_export
    from kg.relation_table import parse_relations
    from kg.subgraph import DEFAULT_CONCEPT_LIMIT, Selection, select

    chosen = exporter(args.format)
    session = _session(args)
    limit = args.limit if args.limit is not None else (DEFAULT_CONCEPT_LIMIT if chosen.visual and not args.concept else None)
    selection = Selection(tuple(args.concept), args.depth, parse_relations(args.relations), args.notes_glob, limit,
                          _confidence(args.min_confidence))
    graph, passages = select(session.graph, session.passages, selection)
    with progress_bar() as progress:
        if progress:
            progress("exporting", 0, 1)
        text = chosen.render(graph, passages, session.notes)
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        write_export(text, args.output)
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from None
    _warn(f"wrote {args.output} ({len(graph.concepts)} concepts, {len(graph.triples)} typed triples)")
    return 0


def serve(args: argparse.Namespace) -> int:
    from retrieval.encoders import resolve_encoder
    from service.http import describe, make_server, warn_if_exposed

    try:
        remote = _remote(args) if args.store else None
        server = make_server(args.notes, _index_dir(args), args.host, args.port, args.timeout, args.max_rows,
                             resolve_encoder(args.model) if args.model else None, remote=remote)
    except OSError as error:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    warn_if_exposed(args.host)
    if not args.no_warm_up:
        server.kgqa_served.warm_up()
    print(describe(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def mcp(args: argparse.Namespace) -> int:
    from retrieval.encoders import resolve_encoder
    from service.mcp import NotesTools, serve_stdio

    if not args.notes.is_dir():
        raise UserError(f"notes folder not found: {args.notes}")
    if args.timeout <= 0 or args.max_rows < 1:
        raise UserError("--timeout must be positive and --max-rows at least 1")
    notes = args.notes.resolve()
    tools = NotesTools(notes, _index_dir(args).resolve(), resolve_encoder(args.model) if args.model else None,
                       args.timeout, args.max_rows)
    try:
        serve_stdio(tools, warm_up=not args.no_warm_up)
    except KeyboardInterrupt:
        pass
    return 0


def push(args: argparse.Namespace) -> int:
    from cli.render import format_push
    from kg.push import push_generation

    index_dir = _index_dir(args)
    generation = _session(args).generation
    with progress_bar() as progress:
        report = push_generation(generation.directory, index_dir, _remote(args), args.full, progress)
    summary = push_summary(report, generation.name)
    if args.json:
        _print_json(summary)
    else:
        print(format_push(summary))
    return 0


def push_summary(report, generation: str) -> dict:
    """`kgqa push --json`."""
    return {"store": report.url, "generation": generation, "put": list(report.put), "deleted": list(report.deleted),
            "unchanged": report.unchanged, "seconds": round(report.seconds, 3)}


def push_attempt_summary(attempt) -> dict:
    """One push of `kgqa watch --store`: `kgqa push --json` and an `error`, or the error and when it is retried."""
    if attempt.report is not None:
        return {**push_summary(attempt.report, attempt.generation), "error": None}
    return {"store": attempt.url, "generation": attempt.generation, "error": attempt.error,
            "retry_in_seconds": attempt.retry_seconds}
