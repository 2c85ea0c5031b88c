"""Innovations pages, one module per part: the register, the innovation's stage, fidelity and
scale-up, and exploration with the Hexagon Tool."""
