"""Access-matrix rows for the drivers pages."""

ROWS = {}
