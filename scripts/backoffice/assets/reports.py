"""The asset register at a date: cost, accumulated depreciation and net book value per asset,
with custodian, location and warranty end; below them the assets disposed of in the year up to
that date, with the reason, the net book value, the tax residual value and the proceeds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from backoffice.assets import depreciation
from backoffice.core.period import Period
from backoffice.core.words import count
from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

ZERO = Decimal("0.00")


def _names(ws: Workspace, register_name: str) -> dict[str, str]:
    return {
        r.id: str(r.data.get("name", r.id))
        for r in ws.register(register_name)
        if isinstance(r.data, dict)
    }


def assets_report(ws: Workspace, period: Period, as_of: date) -> Report:
    people, locations = _names(ws, "people"), _names(ws, "locations")
    held = [
        a
        for a in depreciation.load_assets(ws)
        if a.acquired <= as_of and (a.disposed is None or a.disposed > as_of)
    ]
    rows = []
    totals = {"cost": ZERO, "accumulated": ZERO, "net_book_value": ZERO}
    for asset in held:
        accumulated = asset.accumulated_at(as_of)
        values = {
            "cost": asset.cost,
            "accumulated": accumulated,
            "net_book_value": asset.cost - accumulated,
        }
        for key, value in values.items():
            totals[key] += value
        rows.append(
            Row(
                {
                    "asset": asset.id,
                    "name": asset.name,
                    "account": asset.asset_account,
                    "acquired": asset.acquired,
                    **values,
                    "custodian": people.get(asset.custodian or "", asset.custodian or ""),
                    "location": locations.get(asset.location or "", asset.location or ""),
                    "warranty_until": asset.warranty_until,
                }
            )
        )
    rows.append(Row({"asset": "Total", **totals}, "total"))
    disposed = _disposed_rows(ws, as_of)
    if disposed:
        rows.append(Row({"asset": f"Disposed of in {as_of.year}"}, "group"))
        rows += disposed
    return Report(
        name="assets",
        title="Fixed assets",
        period=None,
        as_of=as_of,
        subtitle=f"{count(len(held), 'asset')} held on {as_of.isoformat()}",
        columns=[
            Column("asset", "Asset"),
            Column("name", "Name"),
            Column("account", "Account"),
            Column("acquired", "Acquired", "date"),
            Column("cost", "Cost", "money"),
            Column("accumulated", "Accumulated depreciation", "money"),
            Column("net_book_value", "Net book value", "money"),
            Column("custodian", "Custodian"),
            Column("location", "Location"),
            Column("warranty_until", "Warranty until", "date"),
            Column("disposed", "Disposed", "date"),
            Column("reason", "Reason"),
            Column("tax_residual_value", "Tax residual value", "money"),
            Column("proceeds", "Proceeds", "money"),
        ],
        rows=rows,
        totals=totals,
    )


REASONS = {"sale": "sold", "scrap": "scrapped", "donation": "donated"}


def _disposed_rows(ws: Workspace, as_of: date) -> list[Row]:
    """The assets disposed of from the first of the year through `as_of`: the net book value
    written off (by reason, to 541, 551 or 543), the tax residual value beside the proceeds."""
    found = []
    for asset in depreciation.load_assets(ws):
        day = asset.disposed
        if day is None or not (date(as_of.year, 1, 1) <= day <= as_of):
            continue
        accumulated = asset.accumulated_at(day)
        found.append(
            Row(
                {
                    "asset": asset.id,
                    "name": asset.name,
                    "account": asset.asset_account,
                    "acquired": asset.acquired,
                    "cost": asset.cost,
                    "accumulated": accumulated,
                    "net_book_value": asset.cost - accumulated,
                    "disposed": day,
                    "reason": REASONS.get(asset.disposal_kind or "", asset.disposal_kind or ""),
                    "tax_residual_value": depreciation.tax_residual_value(asset),
                    "proceeds": asset.proceeds,
                }
            )
        )
    return found
