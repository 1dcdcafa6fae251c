"""The suite's fixtures live in the `support` package beside this file, registered here as
plugins; a test imports helpers from `support` by name, never from this file."""

import pytest

# before the plugins below are imported, so that the helpers' own asserts explain themselves too
pytest.register_assert_rewrite("support")

pytest_plugins = [
    "support.clock",
    "support.workspace",
    "support.golden",
    "support.gitrepo",
    "support.office",
    "pytester",  # for the tests of the golden plugin itself
]
