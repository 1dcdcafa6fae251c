"""`backoffice serve`: Fava is started only on a port it can have, and the message names the
command's own option."""

from __future__ import annotations

import os
import shutil
import socket

import pytest

from support import Tiny, run


def never_started(*args: object) -> None:
    raise AssertionError("fava must not be started")


def test_a_busy_port_is_named_with_the_option_that_changes_it(
    tiny: Tiny, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: "/usr/bin/fava")
    monkeypatch.setattr(os, "execv", never_started)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("--root", str(tiny.root), "serve", "-p", str(port))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use already: choose another with --port (-p), "
        f"e.g. backoffice serve -p {port + 1}\n"
    )


def test_a_free_port_starts_fava_there(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: "/usr/bin/fava")
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run("--root", str(tiny.root), "serve", "--port", str(port))
    assert result.exit_code == 0, result.output
    assert started == [
        [
            "/usr/bin/fava",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            f"{tiny.root}/ledger/main.beancount",
        ]
    ]


def test_an_unknown_host_is_a_usage_error(tiny: Tiny, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: "/usr/bin/fava")
    monkeypatch.setattr(os, "execv", never_started)
    result = run("--root", str(tiny.root), "serve", "--host", "no such host.invalid")
    assert result.exit_code == 2
    assert (
        "Invalid value for --host: 'no such host.invalid' is not an address here" in result.stderr
    )
