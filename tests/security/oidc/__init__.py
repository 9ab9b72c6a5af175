"""A real OpenID Provider for the SSO tests: panva's oidc-provider (npm, `server.js` here) on
a loopback port, with real discovery, keys, code exchange and signed ID tokens.

`make test` installs its node_modules (`npm ci` in this folder). `running_provider` starts
one; `Idp` is a test's handle on it: who can sign in, with which claims, and what the
provider should get wrong on purpose.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
from contextlib import contextmanager
from html import escape, unescape
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

HERE = Path(__file__).parent
CLIENT_ID = "metascrum"
CLIENT_SECRET = "test-client-secret"  # noqa: S105 (a test provider's client)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Idp:
    def __init__(self, issuer: str, state_file: Path):
        self.issuer = issuer
        self.state_file = state_file
        self.reset()

    def reset(self) -> None:
        self.state = {"accounts": {}, "idTokenOverrides": None, "signWithForeignKey": False,
                      "codeTtl": 60}
        self._write()

    def add_account(self, login: str, *, email: str, name: str = "", groups=(),
                    email_verified: bool = True) -> None:
        self.state["accounts"][login] = {"email": email, "email_verified": email_verified,
                                         "name": name, "groups": list(groups)}
        self._write()

    def set_groups(self, login: str, groups) -> None:
        self.state["accounts"][login]["groups"] = list(groups)
        self._write()

    def sign_id_tokens_with(self, **claims) -> None:
        """The provider signs its ID tokens (with its real key) with these claims changed."""
        self.state["idTokenOverrides"] = claims
        self._write()

    def sign_id_tokens_with_a_foreign_key(self) -> None:
        self.state["signWithForeignKey"] = True
        self._write()

    def expire_codes_after(self, seconds: int) -> None:
        self.state["codeTtl"] = seconds
        self._write()

    def app_settings(self, provider_id: str = "example", name: str = "Example IdP") -> dict:
        """allauth's setting for this provider, as metascrum/oidc_env.py builds it."""
        return {"provider_id": provider_id, "name": name, "client_id": CLIENT_ID,
                "secret": CLIENT_SECRET,
                "settings": {"server_url": self.issuer,
                             "scope": ["openid", "email", "profile", "groups"],
                             "groups_claim": "groups", "oauth_pkce_enabled": True}}

    def _write(self) -> None:
        self.state_file.write_text(json.dumps(self.state))


@contextmanager
def running_provider(tmp_path: Path, *, redirect_uris: list[str],
                     post_logout_redirect_uris: list[str]):
    if not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The test OpenID Provider is not installed: run `npm ci` in "
                    f"{HERE} (`make test` does).")
    port = free_port()
    state_file = tmp_path / "oidc-state.json"
    idp = Idp(f"http://127.0.0.1:{port}", state_file)
    clients = [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                "redirect_uris": redirect_uris,
                "post_logout_redirect_uris": post_logout_redirect_uris}]
    env = {**os.environ, "PORT": str(port), "OIDC_STATE": str(state_file),
           "OIDC_CLIENTS": json.dumps(clients), "NODE_NO_WARNINGS": "1"}
    process = subprocess.Popen(["node", str(HERE / "server.js")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_until_ready(process)
        yield idp
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_until_ready(process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if line.startswith("ready "):
            return
        if not line and process.poll() is not None:
            break
    process.kill()
    pytest.fail(f"The test OpenID Provider did not start:\n{process.stdout.read()}")


class Browser:
    """The person's browser at the provider: its cookies are the provider's session."""

    def __init__(self, our_origin: str = "http://testserver"):
        self.session = requests.Session()
        self.our_origin = our_origin

    def follow_to_us(self, url: str, *, login: str | None = None) -> str:
        """Follow the provider's redirects, filling its sign-in form as `login` when it asks;
        the URL it finally sends the browser to on our side."""
        for _ in range(15):
            if url.startswith(self.our_origin):
                return url
            response = self.session.get(url, allow_redirects=False, timeout=10)
            if response.is_redirect:
                url = urljoin(url, response.headers["Location"])
                continue
            url = self._submit_form(url, response, login)
        raise AssertionError("the provider never sent the browser back")

    def _submit_form(self, url: str, response, login: str | None) -> str:
        form = re.search(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', response.text, re.S)
        assert form, f"the provider showed no form at {url}: {response.status_code}"
        fields = dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form[2]))
        if 'name="login"' in form[2]:
            assert login, "the provider asked the person to sign in"
            fields.update(login=login, password="any password")  # noqa: S106
        if 'name="logout"' in response.text:  # "Yes, sign me out" (outside the form)
            fields["logout"] = "yes"
        posted = self.session.post(urljoin(url, unescape(form[1])), data=fields,
                                   allow_redirects=False, timeout=10)
        assert posted.is_redirect, f"the provider refused the form: {posted.status_code}"
        return urljoin(url, posted.headers["Location"])


def start_sign_in(client, provider_id: str = "example", next_url: str | None = None) -> str:
    """Press "Sign in with …": the provider's authorization URL we redirect to."""
    data = {"next": next_url} if next_url else {}
    response = client.post(f"/accounts/oidc/{provider_id}/login/", data)
    assert response.status_code == 200, response.content[:500]
    page = response.content.decode()
    url = unescape(re.search(r'<a id="continue" href="([^"]+)"', page)[1])
    assert f'<meta http-equiv="refresh" content="0;url={escape(url)}">' in page
    return url


def sign_in(client, browser: Browser, login: str, provider_id: str = "example"):
    """The whole round trip; the response to the provider's redirect back to us."""
    callback = browser.follow_to_us(start_sign_in(client, provider_id), login=login)
    return client.get(callback.removeprefix(browser.our_origin))
