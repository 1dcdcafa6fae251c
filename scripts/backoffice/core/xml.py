"""The one way documents from outside (suppliers' e-invoices, banks' statements) are parsed:
no entities, no DTD, no network, no huge trees, so a hostile file reads nothing else."""

from __future__ import annotations

from lxml import etree


def safe_parser() -> etree.XMLParser:
    """An XML parser that resolves nothing and keeps only elements and text."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
