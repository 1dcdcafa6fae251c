"""`backoffice reports`: every report in every file format, and an index page linking them."""

from __future__ import annotations

import html
from pathlib import Path

from .files import write_atomic
from .period import Period
from .reports import REPORTS, build_report, default_period
from .reports.render import EXTENSIONS, render
from .workspace import Workspace

PUBLISHED_FORMATS = ("md", "html", "csv", "json")


def write_reports(ws: Workspace, out: Path, period: Period | None = None) -> list[Path]:
    """Write each report as .md, .html, .csv and .json under `out`, then index.html."""
    period = period or default_period(ws)
    written: list[Path] = []
    for name in REPORTS:
        report = build_report(ws, name, period)
        for fmt in PUBLISHED_FORMATS:
            path = out / f"{name}.{EXTENSIONS[fmt]}"
            write_atomic(path, render(report, fmt, ws.locale, ws.template("report.css")))
            written.append(path)
    index = out / "index.html"
    write_atomic(index, index_page(ws, period))
    written.append(index)
    return written


def index_page(ws: Workspace, period: Period) -> str:
    """A plain page linking every report and its other formats; works from file://."""
    esc = html.escape
    name = esc(str(ws.company.get("legal_name") or ws.root.name))
    items = "\n".join(
        f'<li><a href="{spec.name}.html">{esc(spec.name)}</a> — {esc(spec.description)} '
        + " ".join(
            f'<a href="{spec.name}.{EXTENSIONS[f]}">{f}</a>'
            for f in PUBLISHED_FORMATS
            if f != "html"
        )
        + "</li>"
        for spec in REPORTS.values()
    )
    return (
        f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{name} — reports {esc(period.label)}</title>\n"
        "<style>body{font:14px/1.5 system-ui,sans-serif;margin:2rem;color:#1d2733}</style>\n"
        f"</head>\n<body>\n<h1>{name}</h1>\n<p>Reports for {esc(period.label)} "
        f"({period.start.isoformat()} – {period.end.isoformat()})</p>\n<ul>\n{items}\n</ul>\n"
        "</body>\n</html>\n"
    )
