from collections.abc import Iterator

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _norwegian_by_default() -> Iterator[None]:
    """A request to /en/ leaves English active in the thread; reverse() would then give /en/."""
    with translation.override("nb"):
        yield
