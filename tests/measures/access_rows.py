"""Access-matrix rows for the measures pages."""

ROWS = {}
