"""The check run: the ledger's errors, every record against its schema, identity and
uniqueness, then every area's rules, in one pass that reports all problems."""
