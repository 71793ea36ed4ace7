import pytest

from tests.reporting.builders import build_world


@pytest.fixture
def world(db):
    """A contract, two operators with one sheet each, the 2026 periods, one person per role."""
    return build_world()
