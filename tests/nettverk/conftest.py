from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _bokmaal_by_default() -> Iterator[None]:
    """A request to an /en/ page leaves English active in the thread; start each test in bokmål."""
    with translation.override("nb"):
        yield
