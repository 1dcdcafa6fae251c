"""Revisions read from Git into a temporary folder."""

from __future__ import annotations

from backoffice.core import gitrepo
from support.gitrepo import Repo


def test_exported_writes_evidence_without_its_content(repo: Repo) -> None:
    repo.write_bytes("documents/bank/statement.pdf", b"%PDF-1.7 scan")
    repo.write_bytes("documents-old/note.txt", b"kept")
    commit = repo.commit("evidence")
    with gitrepo.exported(repo.root, commit, (".",), ("documents",)) as tree:
        assert (tree / "documents/bank/statement.pdf").read_bytes() == b""
        assert (tree / "documents-old/note.txt").read_bytes() == b"kept"
        main = (tree / "ledger/main.beancount").read_text(encoding="utf-8")
        assert main == repo.path("ledger/main.beancount").read_text(encoding="utf-8")
