"""Golden files: expected output kept in a golden/ folder beside the test module that compares
against it, through the `golden` fixture.

`pytest --update-golden` rewrites them from the current output. `pytest --clean-golden` lists,
after the run, the files of every golden/ folder under the test paths that no test compared
against in the session, and deletes them only when the whole suite ran and passed: after a part
of it, a golden file is unused only because its test did not run."""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

Golden = Callable[[str, str], None]

CLEAN_HELP = (
    "After the run, list the files of the golden/ folders under the test paths that no test "
    "compared against, and delete them if the whole suite ran here and passed: no paths or "
    "node ids narrower than the test paths, nothing deselected (-k, -m, --deselect) or ignored "
    "(--ignore, --lf), every collected test run (no -x stop, no --collect-only, no -n) and "
    "none that uses the golden fixture skipped. Otherwise they are only listed."
)


class Run:
    """What one session did with golden files, for --clean-golden."""

    def __init__(self) -> None:
        self.compared: set[Path] = set()
        self.users: set[str] = set()  # the collected tests that use the golden fixture
        self.skipped: set[str] = set()  # of those, the ones skipped (or xfailed)
        self.ran: set[str] = set()
        self.deselected = 0
        self.summary: list[str] = []

    @pytest.hookimpl
    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.deselected += len(items)

    @pytest.hookimpl
    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.users = {i.nodeid for i in session.items if "golden" in getattr(i, "fixturenames", ())}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.ran.add(report.nodeid)
        if report.skipped and report.nodeid in self.users:
            self.skipped.add(report.nodeid)

    @pytest.hookimpl
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        config = session.config
        if not config.getoption("--clean-golden"):
            return
        roots = suite_roots(config)
        found = orphans(roots, self.compared)
        if not found:
            self.summary = ["no golden file is orphaned"]
            return
        self.summary = [f"{len(found)} golden file(s) no test compared against:"]
        self.summary += [f"  {shown(path, config.rootpath)}" for path in found]
        reasons = self.partial(session, roots, exitstatus)
        if reasons:
            self.summary.append(
                "kept, as the whole suite did not run and pass: " + "; ".join(reasons)
            )
            return
        for path in found:
            delete(path)
        self.summary.append("deleted: the whole suite ran and passed")

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.summary:
            terminalreporter.write_sep("-", "golden files")
            for line in self.summary:
                terminalreporter.write_line(line)

    def partial(self, session: pytest.Session, roots: list[Path], exitstatus: int) -> list[str]:
        """Why this session may have left golden files unused that the whole suite compares."""
        config = session.config
        reasons = []
        here = config.invocation_params.dir
        chosen = [Path(here, arg.split("::")[0]).resolve() for arg in config.args]
        named = any("::" in arg for arg in config.args)
        if named or not all(any(c == r or c in r.parents for c in chosen) for r in roots):
            reasons.append("only some paths or tests were named")
        if self.deselected:
            reasons.append(f"{self.deselected} test(s) deselected")
        if config.getoption("ignore", None) or config.getoption("ignore_glob", None):
            reasons.append("--ignore left files out")
        if config.getoption("lf", None):
            reasons.append("--lf ran the last failures only")
        if not session.items or not {i.nodeid for i in session.items} <= self.ran:
            reasons.append("not every collected test ran in this process")
        if exitstatus != pytest.ExitCode.OK:
            reasons.append(f"the run did not pass (exit status {int(exitstatus)})")
        if self.skipped:
            reasons.append(f"{len(self.skipped)} test(s) that use the golden fixture were skipped")
        return reasons


RUN = pytest.StashKey[Run]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("golden", "golden files")
    group.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite golden files from the current output instead of comparing.",
    )
    group.addoption("--clean-golden", action="store_true", help=CLEAN_HELP)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[RUN] = Run()
    config.pluginmanager.register(config.stash[RUN], "golden-run")


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Compare text with golden/NAME beside the test module; `pytest --update-golden` rewrites
    it on purpose."""
    update = request.config.getoption("--update-golden")
    folder = request.path.parent / "golden"
    compared = request.config.stash[RUN].compared

    def compare(name: str, text: str) -> None:
        path = folder / name
        compared.add(path.resolve())
        label = shown(path, request.config.rootpath)
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        if not path.exists():
            pytest.fail(f"missing golden file {label}; run pytest --update-golden")
        assert text == path.read_text(encoding="utf-8"), f"differs from golden {label}"

    return compare


def suite_roots(config: pytest.Config) -> list[Path]:
    """The folders the whole suite is collected from: the testpaths, else where pytest ran."""
    found = [
        (config.rootpath / match).resolve()
        for spec in config.getini("testpaths")
        for match in sorted(glob.glob(spec, root_dir=config.rootpath, recursive=True))
    ]
    return found or [config.invocation_params.dir.resolve()]


def orphans(roots: Iterable[Path], compared: Iterable[Path]) -> list[Path]:
    """The files of every golden/ folder (at any depth) under the roots that are not compared."""
    files = {
        path.resolve()
        for root in roots
        for folder in Path(root).rglob("golden")
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    }
    return sorted(files - {Path(path).resolve() for path in compared})


def delete(path: Path) -> None:
    """Delete a golden file, and the folders up to its golden/ folder that it leaves empty."""
    path.unlink()
    for folder in path.parents:
        if any(folder.iterdir()):
            break
        folder.rmdir()
        if folder.name == "golden":
            break


def shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
