"""The core every stage and area stands on: problems, periods and months, value readers,
atomic writes, Git access, and the `Domain` spec by which an area declares itself."""
