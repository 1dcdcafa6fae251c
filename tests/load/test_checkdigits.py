"""The code-list and check-digit tests behind `x-check`."""

from __future__ import annotations

import pytest

from backoffice.load.checkdigits import CHECKS, is_peppol_id


@pytest.mark.parametrize(
    "value",
    [
        "0245:2120123456",
        "0088:7300010000001",
        "9929:CZ26905710",
        "9910:HU13726481",
        "0192:987654321",
    ],
)
def test_peppol_ids_of_known_schemes(value: str) -> None:
    assert is_peppol_id(value)


@pytest.mark.parametrize(
    "value",
    [
        "2120123456",  # no scheme
        "9999:123",  # not in the EAS code list
        "0245:50123459",  # an IČO, not a DIČ
        "0245:SK2120123456",  # the VAT id, not the DIČ
        "0088:7300010000002",  # GLN check digit
        "9929:26905710",  # a VAT scheme without the country prefix
        "0088:",
        "0007:has space",
    ],
)
def test_peppol_ids_refused(value: str) -> None:
    assert not is_peppol_id(value)


def test_the_check_is_named_in_schemas() -> None:
    assert CHECKS["peppol-id"][0] == "PEPPOL-ID-INVALID"
