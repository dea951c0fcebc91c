"""One function per subcommand: call the library, format the result."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from ingest import ChunkConfig, IndexProblem, IndexStore
from ingest.sync import pending_changes
from retrieval.pipeline import BuildOptions, build_index, resolve_index_dir, ignored_dirs

from cli.progress import progress_bar


class UserError(Exception):
    """Printed as one `kgqa: error:` line."""


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


def _warn(line: str) -> None:
    print(line, file=sys.stderr)


def ingest(args: argparse.Namespace) -> int:
    if not args.notes.is_dir():
        raise UserError(f"notes folder not found: {args.notes}")
    if args.max_chars < 50:
        raise UserError("--max-chars must be at least 50")
    options = BuildOptions(chunk=ChunkConfig(max_chars=args.max_chars), wait_seconds=args.wait, dense=not args.no_dense, model=args.model)
    try:
        with progress_bar() as progress:
            report = build_index(args.notes, args.index, options, progress)
    except IndexProblem as error:
        raise UserError(str(error)) from None
    result = report.ingest
    for problem in result.problems:
        _warn(str(problem))
    changes = result.changes
    summary = {
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
        "graph_reread_passages": report.extracted,
        "embedded_passages": report.embedded,
        "seconds": {k: round(v, 3) for k, v in report.seconds.items()},
    }
    if args.json:
        _print_json(summary)
    else:
        state = "unchanged" if report.generation is None else f"wrote {report.generation}"
        print(
            f"{summary['notes']} notes, {summary['passages']} passages ({state}); "
            f"re-parsed {summary['reparsed_notes']} notes: +{summary['passages_added']} "
            f"-{summary['passages_deleted']} ~{summary['passages_moved']} passages; "
            f"graph re-read {report.extracted}, embedded {report.embedded}; "
            f"{summary['skipped_files']} skipped, {summary['warnings']} warnings"
        )
    return 1 if result.skipped else 0


def status(args: argparse.Namespace) -> int:
    index_dir = resolve_index_dir(args.notes, args.index)
    try:
        generation = IndexStore(index_dir).current()
    except IndexProblem as error:
        raise UserError(str(error)) from None
    notes = generation.notes
    pending = pending_changes(args.notes, generation, ignored_dirs(args.notes, index_dir)) if args.notes.is_dir() else {}
    report = {
        "index": str(index_dir),
        "generation": generation.directory.name,
        "notes": len(notes),
        "passages": generation.manifest.get("passage_count", 0),
        "pending": pending,
        "up_to_date": not any(pending.values()),
    }
    for key in ("encoder", "graph"):
        if key in generation.manifest:
            report[key] = generation.manifest[key]
    if args.verify:
        report["verify_problems"] = generation.verify()
    if args.json:
        _print_json(report)
        return 1 if report.get("verify_problems") else 0
    print(f"index {index_dir} ({report['generation']}): {report['notes']} notes, {report['passages']} passages")
    for key in ("encoder", "graph"):
        if key in report:
            print(f"  {key}: " + ", ".join(f"{k}={v}" for k, v in sorted(report[key].items())))
    if args.verify:
        for problem in report["verify_problems"]:
            print(f"  damaged: {problem}")
        print("index files intact" if not report["verify_problems"] else "index damaged: run `kgqa ingest` to rebuild it")
    if report["up_to_date"]:
        print("up to date with the notes folder")
    else:
        for kind, paths in pending.items():
            for path in paths:
                print(f"  {kind}: {path}")
        print("run `kgqa ingest` to bring the index up to date")
    return 1 if args.verify and report["verify_problems"] else 0


def _retriever(notes, index, model=None):
    from retrieval.engine import Retriever

    index_dir = resolve_index_dir(notes, index)
    try:
        return Retriever(index_dir, model)
    except IndexProblem as error:
        raise UserError(str(error)) from None


def _legs(text: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    legs = tuple(leg.strip() for leg in text.split(",") if leg.strip())
    unknown = [leg for leg in legs if leg not in allowed]
    if unknown or not legs:
        raise UserError(f"unknown leg {', '.join(unknown) or '(none)'}: choose from {', '.join(allowed)}")
    return legs


def _answer(retriever, question: str, k: int, legs: tuple[str, ...]):
    from retrieval.encoders import EncoderError
    from retrieval.engine import QuestionError, RetrievalConfig

    try:
        return retriever.ask(question, k=k, config=RetrievalConfig(legs=legs))
    except (QuestionError, EncoderError) as error:
        raise UserError(str(error)) from None


def ask(args: argparse.Namespace) -> int:
    from cli.render import format_answer

    if args.k < 1:
        raise UserError("--k must be at least 1")
    legs = _legs(args.legs, ("bm25", "dense", "graph"))
    answer = _answer(_retriever(args.notes, args.index, args.model), args.question, args.k, legs)
    if args.json:
        _print_json(answer.to_json())
    else:
        print(format_answer(answer))
    return 0


def shell(args: argparse.Namespace) -> int:
    from cli.render import format_answer

    retriever = _retriever(args.notes, args.index)
    interactive = sys.stdin.isatty()
    if interactive:
        print(f"kgqa shell: {len(retriever.passages)} passages, {len(retriever.graph.concepts)} concepts. Empty line or Ctrl-D quits.")
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
            print(format_answer(_answer(retriever, question, args.k, ("bm25", "dense", "graph"))))
        except UserError as error:
            print(f"kgqa: error: {error}", file=sys.stderr)
        print()
    return 0


def evaluate(args: argparse.Namespace) -> int:
    from cli.render import format_table
    from retrieval.evaluate import evaluate as run_evaluation, read_questions

    legs = _legs(args.legs, ("bm25", "dense", "graph", "hybrid"))
    try:
        questions = read_questions(args.questions)
    except OSError as error:
        raise UserError(f"cannot read {args.questions}: {error.strerror}") from None
    except ValueError as error:
        raise UserError(str(error)) from None
    retriever = _retriever(args.notes, args.index)
    results = run_evaluation(retriever, questions, list(legs), runs_dir=args.runs)
    if args.json:
        _print_json(results)
        return 0
    metrics = ["R@1", "R@3", "R@5", "R@10", "MRR@10", "cov@10", "lines/hit", "n"]
    groups = sorted({g for leg in results.values() for g in leg}, key=lambda g: (g != "all", g))
    for group in groups:
        rows = [[leg] + [results[leg][group].get(m, "") for m in metrics] for leg in legs if group in results.get(leg, {})]
        print(f"\n{group}")
        print(format_table(["leg"] + metrics, rows))
    if args.runs:
        print(f"\nrun files written to {args.runs}/")
    return 0


def _graph(notes, index):
    from kg.files import read_graph

    try:
        generation = IndexStore(resolve_index_dir(notes, index)).current()
        return generation, read_graph(generation.directory)
    except IndexProblem as error:
        raise UserError(str(error)) from None


def concepts(args: argparse.Namespace) -> int:
    from cli.render import format_table
    from kg.nxview import concept_ranking

    _, graph = _graph(args.notes, args.index)
    rows = []
    for concept_id, degree, rank, mentions in concept_ranking(graph)[: args.top]:
        concept = graph.concept(concept_id)
        rows.append({"id": concept_id, "label": concept.label, "aliases": list(concept.labels[1:]), "typed_degree": degree,
                     "pagerank": round(rank, 5), "mentions": mentions})
    if args.json:
        _print_json(rows)
        return 0
    print(format_table(["concept", "edges", "pagerank", "mentions", "aliases"],
                       [[r["label"], r["typed_degree"], f"{r['pagerank']:.4f}", r["mentions"], ", ".join(r["aliases"][:4])] for r in rows]))
    return 0


def show(args: argparse.Namespace) -> int:
    from kg.normalize import normalize_term

    generation, graph = _graph(args.notes, args.index)
    key = normalize_term(args.concept)
    matches = [c for c in graph.concepts if key in {normalize_term(label) for label in c.labels}]
    if not matches:
        close = sorted(c.label for c in graph.concepts if key and key in normalize_term(c.label))[:8]
        hint = f"; did you mean {', '.join(close)}?" if close else "; `kgqa concepts NOTES` lists them"
        raise UserError(f"no concept named {args.concept!r}{hint}")
    concept = matches[0]
    labels = {c.id: c.label for c in graph.concepts}
    outgoing = [t for t in graph.triples if t.subject == concept.id]
    incoming = [t for t in graph.triples if t.object == concept.id and t.subject != concept.id]
    passages = {p.id: p for p in generation.passages()}
    mentioned = sorted((m for m in graph.mentions if m.concept_id == concept.id), key=lambda m: (-m.count, m.passage_id))
    if args.json:
        _print_json({
            "id": concept.id, "label": concept.label, "aliases": list(concept.labels[1:]), "source": concept.source,
            "out": [asdict(t) for t in outgoing], "in": [asdict(t) for t in incoming],
            "passages": [{"id": m.passage_id, "location": passages[m.passage_id].location, "count": m.count} for m in mentioned if m.passage_id in passages],
        })
        return 0
    print(f"{concept.label}  ({concept.source}; id {concept.id})")
    if concept.labels[1:]:
        print("  also: " + ", ".join(concept.labels[1:]))
    for title, triples, arrow in (("out", outgoing, "→"), ("in", incoming, "←")):
        if triples:
            print(f"\n{title}:")
            for t in triples:
                other = labels.get(t.object if arrow == "→" else t.subject, "?")
                print(f"  {arrow} {t.predicate:<14} {other:<24} {t.path}:{t.start_line}-{t.end_line}  [{t.rule} {t.confidence}]")
    if mentioned:
        print(f"\nmentioned in {len(mentioned)} passages:")
        for m in mentioned[:15]:
            if m.passage_id in passages:
                p = passages[m.passage_id]
                print(f"  {p.location}  {p.heading or '(no heading)'}  ×{m.count}")
    return 0


def eval_graph(args: argparse.Namespace) -> int:
    from kg.evaluate import evaluate_graph, precision_sample, read_jsonl

    _, graph = _graph(args.notes, args.index)
    try:
        scores = evaluate_graph(graph, read_jsonl(args.concepts), read_jsonl(args.triples))
    except (OSError, ValueError, KeyError) as error:
        raise UserError(f"cannot read the gold files: {error}") from None
    sample = None
    if args.sample:
        try:
            judged = json.loads(args.sample.read_text(encoding="utf-8")) if args.sample.exists() else []
        except (OSError, ValueError) as error:
            raise UserError(f"{args.sample}: not a sample written by --sample ({error})") from None
        sample = precision_sample(graph, judged=judged if isinstance(judged, list) else [])
        args.sample.write_text(json.dumps(sample, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    if args.json:
        _print_json(asdict(scores))
        return 0
    print(f"concept recall {scores.concept_recall:.3f} ({scores.concepts_found}/{scores.concepts_total})")
    print(f"typed-triple recall {scores.triple_recall:.3f} ({scores.triples_found}/{scores.triples_total})")
    for relation, (found, total) in scores.recall_by_relation.items():
        print(f"  {relation:<14} {found}/{total}")
    for difficulty, (found, total) in scores.recall_by_difficulty.items():
        print(f"  {difficulty:<14} {found}/{total}")
    print(f"graph: {len(graph.concepts)} concepts, {len(graph.triples)} typed triples, {len(graph.mentions)} mentions")
    if sample is not None:
        verdicts = [item["correct"] for item in sample if item["correct"] is not None]
        print(f"precision sample {args.sample}: {sum(map(bool, verdicts))}/{len(verdicts)} judged correct, "
              f"{len(sample) - len(verdicts)} to judge")
    return 0


def sparql(args: argparse.Namespace) -> int:
    from kg.sparql import QueryError, load_graph, run_query

    if args.file:
        try:
            query = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UserError(f"cannot read {args.file}: {error}") from None
    elif args.query:
        query = args.query
    else:
        raise UserError("give a query or --file QUERY.rq")
    try:
        generation = IndexStore(resolve_index_dir(args.notes, args.index)).current()
    except IndexProblem as error:
        raise UserError(str(error)) from None
    name = str(args.file) if args.file else "query"
    try:
        output = run_query(load_graph(generation.directory), query, args.format, timeout=args.timeout)
    except QueryError as error:
        raise UserError(f"{name}: {error}") from None
    sys.stdout.buffer.write(output.body)
    if output.truncated:
        _warn(f"kgqa: result cut at {output.rows} rows")
    return 0


def export(args: argparse.Namespace) -> int:
    from kg.export import FORMATS, ExportError, export as export_graph, write_export
    from kg.files import read_graph
    from kg.model import RELATIONS
    from kg.subgraph import DEFAULT_CONCEPT_LIMIT, Selection, SelectionError, select

    if args.format not in FORMATS:
        raise UserError(f"unknown format {args.format!r}: choose from {', '.join(FORMATS)}")
    try:
        generation = IndexStore(resolve_index_dir(args.notes, args.index)).current()
    except IndexProblem as error:
        raise UserError(str(error)) from None
    relations = tuple(r.strip() for r in args.relations.split(",")) if args.relations else RELATIONS
    limit = args.limit if args.limit is not None else (DEFAULT_CONCEPT_LIMIT if args.format == "html" and not args.concept else None)
    selection = Selection(tuple(args.concept), args.depth, relations, args.notes_glob, limit)
    try:
        graph, passages = select(read_graph(generation.directory), generation.passages(), selection)
        with progress_bar() as progress:
            if progress:
                progress("exporting", 0, 1)
            text = export_graph(graph, passages, generation.notes, args.format)
        if args.output:
            write_export(text, args.output)
            _warn(f"wrote {args.output} ({len(graph.concepts)} concepts, {len(graph.triples)} typed triples)")
        else:
            sys.stdout.write(text)
    except (SelectionError, ExportError) as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(f"cannot write {args.output}: {error.strerror}") from None
    return 0


def serve(args: argparse.Namespace) -> int:
    from kg.endpoint import describe, make_server

    try:
        server = make_server(resolve_index_dir(args.notes, args.index), args.host, args.port, args.timeout, args.max_rows)
    except IndexProblem as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(f"cannot listen on {args.host}:{args.port}: {error.strerror}") from None
    print(describe(server), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
