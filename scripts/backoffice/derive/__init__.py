"""Deriving the books: the balances engine every report reads, the Beancount entry writer, and
`ledger sync`, which writes each area's journals under ledger/generated/."""
