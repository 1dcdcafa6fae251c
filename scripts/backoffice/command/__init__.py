"""What every command shares: option types (period, date, month, format), the workspace of
--root, and the ways a command stops (a broken ledger, problems found, Git failures)."""
