import pytest

from tests.i18n.catalogues import compile_stale
from tests.notifications.conftest import enqueued  # noqa: F401 (a fixture the email tests use)


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    compile_stale()
