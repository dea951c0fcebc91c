"""Graph stores: where a generation's RDF lives for SPARQL, picked by name (see base.GraphStore)."""
from kg.stores.base import DEFAULT_STORE, STAGE, STORES, GraphStore, StoreError, open_store, store_class

__all__ = ["DEFAULT_STORE", "STAGE", "STORES", "GraphStore", "StoreError", "open_store", "store_class"]
