"""Drivers test fixtures."""

import pytest


@pytest.fixture
def any_share_completes(settings):
    """Let an assessment be completed with any item answered (DRIVERS_COMPLETION_SHARE = 0).

    For tests about scores from partly answered assessments (items left out, not counted as zero);
    the 80 % completion rule itself is tested in test_completion_and_comparison.py.
    """
    settings.DRIVERS_COMPLETION_SHARE = 0.0
