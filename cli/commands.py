"""One function per subcommand: call the library, format the result."""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict

from ingest import ChunkConfig, IndexProblem, IndexStore
from ingest.sync import pending_changes
from retrieval.pipeline import BuildOptions, build_index, resolve_index_dir, _ignored_dirs

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
    options = BuildOptions(chunk=ChunkConfig(max_chars=args.max_chars), wait_seconds=args.wait)
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
    pending = pending_changes(args.notes, generation, _ignored_dirs(args.notes, index_dir)) if args.notes.is_dir() else {}
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
    if args.json:
        _print_json(report)
        return 0
    print(f"index {index_dir} ({report['generation']}): {report['notes']} notes, {report['passages']} passages")
    for key in ("encoder", "graph"):
        if key in report:
            print(f"  {key}: " + ", ".join(f"{k}={v}" for k, v in sorted(report[key].items())))
    if report["up_to_date"]:
        print("up to date with the notes folder")
    else:
        for kind, paths in pending.items():
            for path in paths:
                print(f"  {kind}: {path}")
        print("run `kgqa ingest` to bring the index up to date")
    return 0
