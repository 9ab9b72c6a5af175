import pytest
from django.test import Client

from programmes.access.tokens import token_create


class ApiClient:
    """A JSON client that signs requests with a person's personal token."""

    def __init__(self, person=None):
        self.client = Client()
        self.headers = {}
        if person is not None:
            _, raw = token_create(person=person, name="tests")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(path, data or {}, content_type="application/json",
                                headers=self.headers)

    def patch(self, path, data=None):
        return self.client.patch(path, data or {}, content_type="application/json",
                                 headers=self.headers)

    def send(self, method: str, path: str, body: bytes | str):
        """A request whose body goes out exactly as given: bad JSON, bad UTF-8, anything."""
        return self.client.generic(method, path, body, content_type="application/json",
                                   headers=self.headers)


@pytest.fixture
def api_as(db):
    return ApiClient
