"""Concept graph: concepts, typed triples with provenance, RDF and networkx views, SPARQL, exports."""
