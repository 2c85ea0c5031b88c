"""Access-matrix rows for the innovations pages."""

ROWS = {}
