"""Access-matrix rows for the stages pages."""

ROWS = {}
