"""SPARQL results from pyoxigraph terms, in every format the CLI and the endpoint offer.

Written here rather than by pyoxigraph's serialisers because of the row cap: a
result is cut at max_rows while it is read, and the rows kept are then written.
The remote store parses a server's answer into the same terms and uses the same
writers, so a remote query prints exactly like a local one.
"""
from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from kg.sparql_rules import MEDIA_TYPES, QueryOutput, output_format, result_table
from kg.vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def read_result(result, kind: str, fmt: str, max_rows: int) -> QueryOutput:
    """Serialise a pyoxigraph QuerySolutions / QueryBoolean / QueryTriples, cut at max_rows."""
    fmt = output_format(kind, fmt)
    if kind == "ASK":
        return QueryOutput(kind, boolean_body(bool(result), fmt), MEDIA_TYPES[fmt], 1, False)
    rows, truncated = [], False
    for count, item in enumerate(result):
        if count >= max_rows:
            truncated = True
            break
        rows.append(item)
    if kind in ("CONSTRUCT", "DESCRIBE"):
        return QueryOutput(kind, triples_body(rows, fmt), MEDIA_TYPES[fmt], len(rows), truncated)
    variables = [variable.value for variable in result.variables]
    table = [[solution[index] for index in range(len(variables))] for solution in rows]
    return QueryOutput(kind, solutions_body(variables, table, fmt), MEDIA_TYPES[fmt], len(rows), truncated)


def boolean_body(value: bool, fmt: str) -> bytes:
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n").encode()
    return (text + "\n").encode()


def triples_body(triples: list, fmt: str) -> bytes:
    from pyoxigraph import RdfFormat, serialize

    formats = {"turtle": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "json-ld": RdfFormat.JSON_LD, "xml": RdfFormat.RDF_XML}
    prefixes = PREFIXES if fmt in ("turtle", "xml") else None
    return serialize(triples, format=formats[fmt], prefixes=prefixes) or b""


def solutions_body(variables: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "table":
        return result_table(variables, [[_lexical(term) for term in row] for row in rows]).encode("utf-8")
    if fmt == "json":
        bindings = [{name: _term_json(term) for name, term in zip(variables, row) if term is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([["" if term is None else _csv_value(term) for term in row] for row in rows])
        return buffer.getvalue().encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join(f"?{name}" for name in variables)]
        lines += ["\t".join("" if term is None else str(term).replace("\t", "\\t") for term in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    return _xml(variables, rows).encode("utf-8")


def _kind(term) -> str:
    return type(term).__name__  # NamedNode, BlankNode, Literal, Triple


def _lexical(term) -> str | None:
    if term is None:
        return None
    kind = _kind(term)
    if kind == "BlankNode":
        return f"_:{term.value}"
    if kind == "Triple":
        return str(term)
    return term.value


def _csv_value(term) -> str:
    return _lexical(term) or ""


def _term_json(term) -> dict:
    kind = _kind(term)
    if kind == "NamedNode":
        return {"type": "uri", "value": term.value}
    if kind == "BlankNode":
        return {"type": "bnode", "value": term.value}
    if kind == "Literal":
        record = {"type": "literal", "value": term.value}
        if term.language:
            record["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            record["datatype"] = term.datatype.value
        return record
    return {"type": "triple", "value": {"subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
                                        "object": _term_json(term.object)}}


def _xml_term(term) -> str:
    kind = _kind(term)
    if kind == "NamedNode":
        return f"<uri>{escape(term.value)}</uri>"
    if kind == "BlankNode":
        return f"<bnode>{escape(term.value)}</bnode>"
    if kind == "Literal":
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _xml(variables: list[str], rows: list[list]) -> str:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(name)}/>" for name in variables]
    parts.append("</head>\n<results>\n")
    for row in rows:
        cells = "".join(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                        for name, term in zip(variables, row) if term is not None)
        parts.append(f"<result>{cells}</result>\n")
    parts.append("</results>\n</sparql>\n")
    return "".join(parts)
