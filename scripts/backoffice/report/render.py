"""Renderers: one report, drawn as terminal text, Markdown, HTML, CSV or JSON."""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.numbers import format_decimal

from backoffice.load.workspace import Workspace
from backoffice.report.model import Column, Report, Row

FORMATS = ("text", "md", "html", "csv", "json")
TEMPLATES = Path(__file__).parent / "templates"
NBSP = "\u00a0"


def money(value: Any, locale: str) -> str:
    """A money cell in the report's locale; blank for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _format_money(str(value), locale)
    return str(value)


def stylesheet(ws: Workspace) -> str:
    """The reports' CSS: the repository's templates/report.css, else the package's."""
    return ws.template("report.css", TEMPLATES)


@lru_cache(maxsize=8192)
def _format_money(value: str, locale: str) -> str:
    """Babel's formatting, remembered: reports repeat the same amounts (zeros above all).
    Keyed by the text, so that -0.00 and 0.00 stay apart as Babel prints them."""
    return str(format_decimal(Decimal(value), format="#,##0.00", locale=locale))


def cell_text(column: Column, value: Any, locale: str) -> str:
    if column.type == "money":
        return money(value, locale)
    if value is None:
        return ""
    if column.type == "number" and isinstance(value, Decimal):
        return format_decimal(value, locale=locale)
    return str(value)


def shown(column: Column, row: Row) -> Any:
    """A cell as presented: money times the row's display sign (JSON keeps the raw value)."""
    value = row.cells.get(column.key)
    if row.sign != 1 and column.type == "money" and isinstance(value, Decimal) and value:
        return row.sign * value
    return value


def _subtitle(report: Report) -> str:
    """The entity and the period, on one line under the title."""
    return " · ".join(part for part in (report.entity, report.subtitle) if part)


def _header(report: Report) -> list[str]:
    return [report.title, _subtitle(report)] if _subtitle(report) else [report.title]


def render_text(report: Report, locale: str) -> str:
    """Aligned columns for a terminal; money right-aligned, groups indented."""
    table = [[c.title for c in report.columns]]
    for row in report.rows:
        cells = [cell_text(c, shown(c, row), locale) for c in report.columns]
        cells[0] = "  " * row.level + cells[0]
        table.append(cells)
    widths = [max(len(r[i]) for r in table) for i in range(len(report.columns))]

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(w) if col.type in ("money", "number") else cell.ljust(w)
            for cell, w, col in zip(cells, widths, report.columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    out = [*_header(report), "", line(table[0]), rule]
    for row, cells in zip(report.rows, table[1:], strict=True):
        if row.kind in ("section", "total") and out[-1] != rule:
            out.append("")
        out.append(line(cells))
    out += [f"Note: {n}" for n in report.notes]
    return "\n".join(out) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def render_md(report: Report, locale: str) -> str:
    lines = [f"# {_md_escape(report.title)}", ""]
    if _subtitle(report):
        lines += [_md_escape(_subtitle(report)), ""]
    lines.append("| " + " | ".join(_md_escape(c.title) for c in report.columns) + " |")
    lines.append(
        "|"
        + "|".join("---:" if c.type in ("money", "number") else "---" for c in report.columns)
        + "|"
    )
    for row in report.rows:
        cells = [_md_escape(cell_text(c, shown(c, row), locale)) for c in report.columns]
        if row.kind != "item":
            cells = [f"**{c}**" if c else c for c in cells]
        cells[0] = NBSP * 2 * row.level + cells[0]
        lines.append("| " + " | ".join(cells) + " |")
    if report.notes:
        lines.append("")
        lines += [f"- {_md_escape(n)}" for n in report.notes]
    return "\n".join(lines) + "\n"


def html_table(report: Report, locale: str, css_class: str = "") -> str:
    """The report's table and notes as an HTML fragment, every value escaped.

    The standalone pages and the Fava extension both draw reports with it."""
    esc = html.escape
    head = "".join(
        f'<th class="num">{esc(c.title)}</th>'
        if c.type in ("money", "number")
        else f"<th>{esc(c.title)}</th>"
        for c in report.columns
    )
    body = []
    for row in report.rows:
        tds = []
        for i, c in enumerate(report.columns):
            text = esc(cell_text(c, shown(c, row), locale))
            style = f' style="padding-left:{0.75 + 1.25 * row.level:.2f}rem"' if i == 0 else ""
            cls = ' class="num"' if c.type in ("money", "number") else ""
            tds.append(f"<td{cls}{style}>{text}</td>")
        body.append(f'<tr class="{row.kind}">{"".join(tds)}</tr>')
    notes = "".join(f"<li>{esc(n)}</li>" for n in report.notes)
    table_class = f' class="{esc(css_class)}"' if css_class else ""
    return (
        f"<table{table_class}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n"
        + (f"<ul>{notes}</ul>\n" if notes else "")
    )


def render_html(report: Report, locale: str, css: str = "", before: str = "") -> str:
    """A standalone page with its stylesheet inline: no scripts, no network, values escaped.

    `before` is trusted HTML put above the table (the dashboard's navigation and charts)."""
    esc = html.escape
    lang = esc(locale.split("_")[0])
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(report.title)}</title>\n<style>\n{css.strip()}\n</style>\n</head>\n<body>\n"
        f"<h1>{esc(report.title)}</h1>\n"
        + (f'<p class="sub">{esc(_subtitle(report))}</p>\n' if _subtitle(report) else "")
        + before
        + html_table(report, locale)
        + "</body>\n</html>\n"
    )


def render_csv(report: Report, locale: str) -> str:
    """Plain values (money as 1234.56) so spreadsheets read them as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.title for c in report.columns] + ["Kind", "Level"])
    for row in report.rows:
        values = [shown(c, row) for c in report.columns]
        writer.writerow(["" if v is None else str(v) for v in values] + [row.kind, row.level])
    return out.getvalue()


def render_json(report: Report, locale: str) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Report, str], str]] = {
    "text": render_text,
    "md": render_md,
    "html": render_html,
    "csv": render_csv,
    "json": render_json,
}
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "csv": "csv", "json": "json"}


def render(report: Report, fmt: str, locale: str = "en_US", css: str = "") -> str:
    """Render in one of FORMATS; `css` styles the HTML page."""
    if fmt == "html":
        return render_html(report, locale, css)
    return RENDERERS[fmt](report, locale)


__all__ = ["EXTENSIONS", "FORMATS", "Row", "render"]
