import pytest

from tests.security.oidc import Browser, running_provider


@pytest.fixture(scope="session")
def _oidc_provider(tmp_path_factory):
    with running_provider(
            tmp_path_factory.mktemp("oidc"),
            redirect_uris=["http://testserver/accounts/oidc/example/login/callback/"],
            post_logout_redirect_uris=["http://testserver/accounts/login/"]) as idp:
        yield idp


@pytest.fixture
def idp(_oidc_provider, settings):
    """The real provider, emptied, configured as this site's "Example IdP"."""
    _oidc_provider.reset()
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {
        **settings.SOCIALACCOUNT_PROVIDERS["openid_connect"],
        "APPS": [_oidc_provider.app_settings()]}}
    return _oidc_provider


@pytest.fixture
def idp_browser():
    return Browser()
