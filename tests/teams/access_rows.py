"""Access-matrix rows for the teams pages."""

ROWS = {}
