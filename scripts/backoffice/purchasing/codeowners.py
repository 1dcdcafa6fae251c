"""CODEOWNERS from the approval policy: a pull request that changes a purchase order asks the
review of the people who may approve its amount, so that whoever approves it in the record is
also the one who approves the change.

GitHub reads the last pattern that matches a path. The block written here goes at the end of
.github/CODEOWNERS, between two marker lines, and the rest of the file is kept: a folder line
asks a new order (not yet in the block) of those who may approve any amount, then one line per
order asks for its band's approvers, and the policy and this file ask for the top band's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from backoffice.core.clock import today
from backoffice.core.problems import Problem
from backoffice.core.values import CENT, ZERO
from backoffice.load.workspace import Workspace
from backoffice.purchasing.orders import REGISTER, orders
from backoffice.purchasing.policy import Person, Policy, approvers, people

FILE = Path(".github/CODEOWNERS")
BEGIN = "# BEGIN purchase approvals: written by `backoffice purchasing codeowners`, do not edit"
END = "# END purchase approvals"


@dataclass(frozen=True)
class Owners:
    text: str
    """The whole file as it should read."""
    problems: list[Problem]


def _handles(ids: list[str], staff: dict[str, Person], missing: dict[str, Problem]) -> str:
    """The @user of each person; a person without one is remembered in `missing`."""
    handles = []
    for person_id in ids:
        github = staff[person_id].github
        if github:
            handles.append(f"@{github}")
        else:
            missing.setdefault(
                person_id,
                Problem(
                    f"records/people/{person_id}.yaml",
                    1,
                    1,
                    "PO-NO-GITHUB",
                    f"{person_id} may approve purchase orders but has no github user name "
                    "to ask their review by",
                ),
            )
    return " ".join(handles)


def _top(policy: Policy, staff: dict[str, Person]) -> list[str]:
    """Who may approve any amount today: the open band's (or the highest limit's) approvers."""
    limits = [b.up_to for b in policy.bands if b.up_to is not None]
    above_all = max(limits, default=ZERO) + (CENT if len(limits) < len(policy.bands) else ZERO)
    return approvers(policy, above_all, staff, today())


def block(ws: Workspace, policy: Policy) -> tuple[list[str], list[Problem]]:
    """The lines between the markers, and the approvers who cannot be named."""
    staff = people(ws)
    missing: dict[str, Problem] = {}
    highest = _top(policy, staff)
    if not highest:  # a line without owners would ask nobody's review
        line, column = policy.record.position(("bands", len(policy.bands) - 1))
        nobody = (
            "nobody employed today may approve the largest orders: a pull request would ask "
            "nobody's review"
        )
        return [], [Problem(policy.record.rel, line, column, "PO-NO-APPROVER", nobody)]
    top = _handles(highest, staff, missing)
    lines = [
        BEGIN,
        f"/records/{REGISTER}/ {top}",
    ]
    for order in orders(ws):
        if not order.readable or order.currency != policy.currency:
            continue  # check reports it; the folder line asks the top band
        allowed = approvers(policy, order.net, staff, today())
        lines.append(f"/{order.record.rel} {_handles(allowed, staff, missing) or top}")
    lines += [f"/{policy.record.rel} {top}", f"/{FILE.as_posix()} {top}", END]
    return lines, sorted(missing.values(), key=lambda p: p.path)


def owners(ws: Workspace, policy: Policy | None) -> Owners:
    """The CODEOWNERS file with the block in place of the old one (or after the rest); without
    a policy there is nothing to ask, and no block."""
    lines, problems = block(ws, policy) if policy is not None else ([], [])
    path = ws.root / FILE
    kept = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    if BEGIN in kept and END in kept[kept.index(BEGIN) :]:
        start = kept.index(BEGIN)
        end = kept.index(END, start)
        kept = kept[:start] + kept[end + 1 :]
    while kept and not kept[-1].strip():
        kept.pop()
    if not lines:
        return Owners("\n".join(kept) + "\n" if kept else "", problems)
    text = "\n".join([*kept, "", *lines] if kept else lines) + "\n"
    return Owners(text, problems)
