"""The ctai/1 exchange format (docs/exchange-format.md) of a stored contract: the checks read
a stored contract through it, exactly as they read a document."""
