import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_chart_cache():
    """Charts are cached by measure id and data version; test databases reuse ids, so start empty."""
    cache.clear()
    yield
    cache.clear()
