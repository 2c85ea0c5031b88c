"""Access-matrix rows for the Community of Practice pages."""

ROWS = {}
