"""The employee's tax year as the rates file states it (``annual_tax`` of
records/payroll-rates.yaml): the non-taxable part with its taper, the yearly bands, the tax
bonus per child and the dates of the annual settlement (§ 11, § 15, § 33, § 38 of Act 595/2003)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from backoffice.core.period import Month
from backoffice.core.problems import Problem
from backoffice.core.values import ZERO, BadValue, cents, parse_decimal, parse_money
from backoffice.load.workspace import Workspace
from backoffice.payroll.calculation import banded_tax
from backoffice.payroll.rates import Band, load_settings

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class ChildRate:
    below_age: int
    """Paid up to and including the month in which the child reaches this age."""
    monthly: Decimal


@dataclass(frozen=True)
class TaxYear:
    """One year's figures, amounts already worked out from the subsistence minimum."""

    year: int
    index: int
    subsistence_minimum: Decimal
    non_taxable_full: Decimal
    non_taxable_full_up_to: Decimal
    non_taxable_taper_from: Decimal
    taper_divisor: int
    bands: tuple[Band, ...]
    child_rates: tuple[ChildRate, ...]
    cap_percent: tuple[Decimal, ...]
    reduction_above_monthly: Decimal
    reduction_percent: Decimal
    request_by: date
    settle_by: date
    refund_by_pay_of: Month
    withhold_above: Decimal

    def non_taxable_part(self, base: Decimal) -> Decimal:
        """§ 11(2): the full part up to the threshold, then the taper, never below zero; never
        more than the base itself."""
        if base <= self.non_taxable_full_up_to:
            part = self.non_taxable_full
        else:
            part = max(ZERO, cents(self.non_taxable_taper_from - base / self.taper_divisor))
        return min(part, max(ZERO, base))

    def tax(self, taxable: Decimal) -> Decimal:
        """§ 15: the yearly bands applied to the taxable base, rounded to the cent (§ 47)."""
        return cents(banded_tax(max(ZERO, taxable), self.bands))

    def child_amount(self, born: date, month: Month) -> Decimal:
        """§ 33(1): the monthly bonus for a child born on `born` in `month` (zero before the
        month of birth and after the month in which it reaches the last age)."""
        if born > month.last:
            return ZERO
        for rate in self.child_rates:
            if _birthday(born, rate.below_age) >= month.first:
                return rate.monthly
        return ZERO

    def cap(self, children: int) -> Decimal:
        """§ 33(6): the bonus's cap in percent of the partial tax base for `children`."""
        if children <= 0:
            return ZERO
        return self.cap_percent[min(children, len(self.cap_percent)) - 1]

    def bonus(self, amounts: list[Decimal], base: Decimal) -> Decimal:
        """A month's bonus for children whose full amounts are `amounts`, on the month's partial
        tax base: each child's amount less its reduction (§ 33(11)), the total capped (§ 33(6)),
        to the cent."""
        counted = [a for a in amounts if a > 0]
        if not counted or base <= 0:
            return ZERO
        above = max(ZERO, base - self.reduction_above_monthly)
        reduction = above * self.reduction_percent / HUNDRED
        total = sum((max(ZERO, a - reduction) for a in counted), ZERO)
        return cents(min(total, base * self.cap(len(counted)) / HUNDRED))


def _birthday(born: date, age: int) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # born on 29 February
        return date(born.year + age, 3, 1)


def _times(minimum: Decimal, value: Any) -> Decimal:
    return cents(minimum * parse_decimal(value))


def _month_day(year: int, text: Any) -> date:
    month, day = (int(part) for part in str(text).split("-"))
    return date(year, month, day)


def _year(item: Any, index: int) -> TaxYear:
    if not isinstance(item, dict):
        raise BadValue("annual_tax is a list of mappings")
    year = int(item["year"])
    minimum = parse_money(item["subsistence_minimum"])[0]
    part = item["non_taxable_part"]
    bonus = item["tax_bonus"]
    settlement = item["settlement"]
    return TaxYear(
        year=year,
        index=index,
        subsistence_minimum=minimum,
        non_taxable_full=_times(minimum, part["full"]),
        non_taxable_full_up_to=_times(minimum, part["full_up_to"]),
        non_taxable_taper_from=_times(minimum, part["taper_from"]),
        taper_divisor=int(part["taper_divisor"]),
        bands=tuple(
            Band(
                _times(minimum, b["up_to"]) if b.get("up_to") is not None else None,
                parse_decimal(b["rate"]),
            )
            for b in item["bands"]
        ),
        child_rates=tuple(
            ChildRate(int(c["below_age"]), parse_money(c["monthly"])[0]) for c in bonus["children"]
        ),
        cap_percent=tuple(parse_decimal(p) for p in bonus["cap_percent"]),
        reduction_above_monthly=parse_money(bonus["reduction_above_monthly"])[0],
        reduction_percent=parse_decimal(bonus["reduction_percent"]),
        request_by=_month_day(year + 1, settlement["request_by"]),
        settle_by=_month_day(year + 1, settlement["settle_by"]),
        refund_by_pay_of=Month(year + 1, int(settlement["refund_by_pay_of"])),
        withhold_above=parse_money(settlement["withhold_above"])[0],
    )


def load_tax_years(ws: Workspace) -> dict[int, TaxYear]:
    """The tax years the rates file states, by year; empty when it states none or cannot be
    read (the schema says why)."""
    found = ws.register("payroll-rates")
    if not found or not isinstance(found[0].data, dict):
        return {}
    try:
        years = [_year(item, i) for i, item in enumerate(found[0].data.get("annual_tax") or [])]
    except (BadValue, KeyError, TypeError, ValueError, AttributeError):
        return {}
    return {y.year: y for y in years}


def tax_year_problems(ws: Workspace) -> list[Problem]:
    """PAYROLL-RATES where the monthly figures of a year's rates are not a twelfth of its yearly
    ones (§ 35(1)): the bands' thresholds and the non-taxable part, to the cent."""
    settings = load_settings(ws)
    if settings is None:
        return []
    record = settings.record
    found = []
    for year in load_tax_years(ws).values():
        rates = settings.rates_for(Month(year.year, 1))
        if rates is None:
            continue
        monthly = [b.up_to for b in rates.tax_bands]
        yearly = [None if b.up_to is None else cents(b.up_to / 12) for b in year.bands]
        part = cents(year.non_taxable_full / 12)
        where = ("rates", rates.index, "income_tax")
        if monthly != yearly:
            shown = ", ".join(str(t) for t in yearly if t is not None)
            found.append(
                Problem(
                    record.rel,
                    *record.position((*where, "bands")),
                    "PAYROLL-RATES",
                    f"the monthly bands are not a twelfth of annual_tax {year.year}'s: {shown}",
                )
            )
        if rates.non_taxable_monthly != part:
            found.append(
                Problem(
                    record.rel,
                    *record.position((*where, "non_taxable_monthly")),
                    "PAYROLL-RATES",
                    f"non_taxable_monthly {rates.non_taxable_monthly} is not a twelfth of the "
                    f"yearly non-taxable part of {year.year} ({year.non_taxable_full}): {part}",
                )
            )
    return found
