"""What every SPARQL graph store obeys, whichever engine evaluates: the errors, the output
record, the result formats, the checks made before any engine sees a query (no updates, no
SERVICE), and the text table.

The stores (kg/stores) and the query worker (kg.sparql) both import this; it imports
neither, so the worker can open a store by name while every store shares these rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.table import text_table
from kg.vocab import PREFIXES
from store.errors import KgqaError

RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("turtle", "nt", "json-ld", "xml")
_UPDATE = re.compile(r"^\s*(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I | re.M)
UPDATE_REFUSED = "updates (INSERT/DELETE/LOAD/CLEAR/...) are refused: the notes are the source of truth"
SERVICE_REFUSED = "SERVICE is refused: kgqa never fetches from the network"


class QueryError(KgqaError, ValueError):
    """The query is not valid, not allowed, or did not finish; the message is one line."""


class QueryTimeout(QueryError):
    pass


@dataclass(frozen=True)
class QueryOutput:
    kind: str
    """SELECT | ASK | CONSTRUCT | DESCRIBE."""
    body: bytes
    """The serialised result."""
    media_type: str
    rows: int
    """Rows (SELECT), 1 (ASK) or triples (graph results)."""
    truncated: bool


MEDIA_TYPES = {
    "json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8", "xml": "application/sparql-results+xml",
    "table": "text/plain; charset=utf-8", "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples", "json-ld": "application/ld+json",
}


def output_format(kind: str, fmt: str) -> str:
    """The format a result of this kind is written in: table/json map to turtle/json-ld for graphs."""
    graph_result = kind in ("CONSTRUCT", "DESCRIBE")
    if graph_result and fmt in ("table", "json"):
        fmt = "turtle" if fmt == "table" else "json-ld"
    allowed = GRAPH_FORMATS if graph_result else RESULT_FORMATS
    if fmt not in allowed:
        raise QueryError(f"format {fmt!r} does not fit a {kind} query: choose {', '.join(allowed)}")
    return fmt


def vet_query(query: str) -> None:
    """The checks every store makes before parsing: not empty, no SERVICE anywhere."""
    if not query.strip():
        raise QueryError("empty query")
    if uses_service(query):
        raise QueryError(SERVICE_REFUSED)


def looks_like_update(query: str) -> bool:
    return bool(_UPDATE.search(_strip_prologue(query)))


def _strip_prologue(query: str) -> str:
    return re.sub(r"^\s*(?:(?:PREFIX\s+\S*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)+", "", query, flags=re.I)


_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LEXEME = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''  # long strings
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\''  # strings
    r'|<[^<>"{}|^`\\\x00-\x20]*>'  # IRIs (a `<` that is not one is the less-than operator)
    r"|#[^\n\r]*"  # comments
    r"|[?$][^\s{}()<>.,;=!|&+*/\"'-]+"  # variables
    r"|[A-Za-z_][\w.\-]*(?::[\w.\-:%\\]*)?"  # keywords, prefixed names, blank-node labels
    r"|:[\w.\-:%\\]*",  # names in the default prefix
    re.S,
)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause, found the way a SPARQL lexer finds keywords.

    pyoxigraph evaluates SERVICE by fetching the URL, so this must not miss one:
    codepoint escapes are decoded first (the grammar applies them before parsing),
    and the word counts only outside strings, IRIs and comments and not as part of a
    prefixed name (`ex:service`) or variable (`?service`).
    """
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return any(match.group(0).upper() == "SERVICE" for match in _LEXEME.finditer(text))


_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword outside strings, IRIs and comments."""
    text = _CODEPOINT_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    for match in _LEXEME.finditer(text):
        word = match.group(0).upper()
        if word in _FORMS:
            return word
    return "SELECT"


def _short(term: str | None) -> str:
    if term is None:
        return ""
    for prefix, namespace in PREFIXES.items():
        if term.startswith(namespace):
            from urllib.parse import unquote

            return f"{prefix}:{unquote(term[len(namespace):])}"
    return term


def result_table(variables: list[str], rows: list[list[str | None]]) -> str:
    """A SELECT result as the CLI prints it: IRIs shortened with the kgqa prefixes, cells cut at 80."""
    cells = [[_short(value).replace("\n", " ")[:80] for value in row] for row in rows]
    return text_table([str(v) for v in variables], cells) + f"\n({len(rows)} rows)\n"
