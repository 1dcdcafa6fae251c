"""The systems, processing and routines registers in Fava by the generic register pages, with
their references resolved, and their reports."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fava.application import create_app
from flask.testing import FlaskClient

from support.books import copy_example

ENABLE = '\n2019-03-01 custom "fava-extension" "backoffice.serve.fava_ext"\n'
PAGE = "/javorina-digital-sro/extension/BackOffice/"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    root = copy_example(tmp_path_factory.mktemp("fava-areas"))
    main = root / "ledger" / "main.beancount"
    if "backoffice.serve.fava_ext" not in main.read_text():
        main.write_text(main.read_text() + ENABLE)
    app = create_app([str(main)], read_only=True)
    app.testing = True
    yield app.test_client()


def page(client: FlaskClient, query: str) -> str:
    response = client.get(PAGE + query)
    assert response.status_code == 200, query
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "links"),
    [
        (
            "?register=systems&id=SYS-0004",
            ["register=licenses&amp;id=LIC-0004", "register=people&amp;id=P-0005"],
        ),
        (
            "?register=processing&id=PA-0005",
            ["register=contracts&amp;id=CON-0021", "register=suppliers&amp;id=S-0012"],
        ),
        ("?register=routines&id=RT-0003", ["register=people&amp;id=P-0007"]),
    ],
)
def test_record_pages_resolve_their_references(
    client: FlaskClient, query: str, links: list[str]
) -> None:
    text = page(client, query)
    for link in links:
        assert link in text


def test_the_contract_lists_the_activity_that_relies_on_it(client: FlaskClient) -> None:
    text = page(client, "?register=contracts&id=CON-0021")
    assert "Referred to by" in text and "register=processing&amp;id=PA-0005" in text


@pytest.mark.parametrize("report", ["systems", "offboarding", "processing", "routines"])
def test_report_pages(client: FlaskClient, report: str) -> None:
    assert "bo-table" in page(client, f"?report={report}")
