import pytest

from tests.i18n.catalogues import compile_stale


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogues():
    compile_stale()
