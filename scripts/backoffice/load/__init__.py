"""Loading a repository: the ledger through Beancount, YAML with positions, the records and the
schemas (with the x- keywords and check digits), and the `Workspace` that holds it all."""
