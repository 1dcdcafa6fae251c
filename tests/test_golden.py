"""The golden fixture and --clean-golden, in pytest sessions of their own."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.golden import orphans

CONFTEST = 'pytest_plugins = ["support.golden"]\n'
USES_GOLDEN = """\
def test_a(golden):
    golden("used.txt", "as expected\\n")


def test_b():
    pass
"""


def write(root: Path, rel: str, text: str = "") -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_orphans_are_the_files_of_golden_folders_no_test_compared(tmp_path: Path) -> None:
    used = write(tmp_path, "a/golden/used.txt")
    unused = write(tmp_path, "a/golden/sub/unused.txt")
    other = write(tmp_path, "b/c/golden/other.json")
    write(tmp_path, "a/test_a.py")
    write(tmp_path, "a/notgolden/x.txt")
    write(tmp_path, "a/golden.txt")
    assert orphans([tmp_path], [used]) == sorted([unused.resolve(), other.resolve()])
    assert orphans([tmp_path / "b"], []) == [other.resolve()]
    assert orphans([tmp_path], [used, unused, other]) == []


def test_golden_files_stand_beside_the_module_that_compares(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    compare = 'def test_{0}(golden):\n    golden("sub/same.txt", "{0}\\n")\n'
    for name in ("a", "b"):
        write(pytester.path, f"{name}/test_{name}.py", compare.format(name))
        write(pytester.path, f"{name}/golden/sub/same.txt", f"{name}\n")
    pytester.runpytest().assert_outcomes(passed=2)
    write(pytester.path, "b/golden/sub/same.txt", "changed\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*differs from golden b/golden/sub/same.txt*"])
    pytester.runpytest("--update-golden").assert_outcomes(passed=2)
    assert (pytester.path / "b/golden/sub/same.txt").read_text(encoding="utf-8") == "b\n"


def test_clean_golden_deletes_orphans_after_the_whole_suite(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_a=USES_GOLDEN)
    used = write(pytester.path, "golden/used.txt", "as expected\n")
    orphan = write(pytester.path, "golden/old.txt")
    nested = write(pytester.path, "deep/golden/gone/older.txt")
    notes = write(pytester.path, "deep/notes.txt")
    result = pytester.runpytest("--clean-golden")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        [
            "*- golden files -*",
            "2 golden file(s) no test compared against:",
            "  deep/golden/gone/older.txt",
            "  golden/old.txt",
            "deleted: the whole suite ran and passed",
        ]
    )
    assert used.exists() and notes.exists()
    assert not orphan.exists() and not nested.exists()
    assert not (pytester.path / "deep" / "golden").exists()  # left empty, so gone too
    result = pytester.runpytest("--clean-golden")
    result.stdout.fnmatch_lines(["no golden file is orphaned"])


FAILING = "def test_c():\n    assert False\n"
SKIPPED = """\
import pytest


@pytest.mark.skip(reason="not today")
def test_c(golden):
    golden("old.txt", "")
"""


@pytest.mark.parametrize(
    ("args", "extra", "reason"),
    [
        (["-k", "not test_b"], "", "1 test(s) deselected"),
        (["test_a.py"], "", "only some paths or tests were named"),
        (["test_a.py::test_a"], "", "only some paths or tests were named"),
        (["--ignore=test_c.py"], "def test_c():\n    pass\n", "--ignore left files out"),
        (["--collect-only"], "", "not every collected test ran in this process"),
        (["-x"], FAILING, "the run did not pass (exit status 1)"),
        ([], SKIPPED, "1 test(s) that use the golden fixture were skipped"),
    ],
    ids=["-k", "a file", "a test", "--ignore", "--collect-only", "-x and a failure", "skip"],
)
def test_clean_golden_only_lists_after_part_of_the_suite(
    pytester: pytest.Pytester, args: list[str], extra: str, reason: str
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_a=USES_GOLDEN)
    if extra:
        pytester.makepyfile(test_c=extra)
    write(pytester.path, "golden/used.txt", "as expected\n")
    orphan = write(pytester.path, "golden/old.txt")
    result = pytester.runpytest("--clean-golden", *args)
    result.stdout.fnmatch_lines(["  golden/old.txt", f"kept, as the whole suite *{reason}*"])
    assert orphan.exists()
