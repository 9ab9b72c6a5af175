"""Helpers for the API tests: the served document's operations, and their addresses in the
security world (tests/security/world.py)."""

from django.apps import apps

from metascrum.api import api

OUR_APPS = {"programmes", "ceremonies", "feedback"}
DOCUMENT = api.get_openapi_schema()


def operations(document: dict = DOCUMENT) -> list[tuple[str, str, dict]]:
    """(METHOD, path, operation) of every operation the document describes."""
    return [(method.upper(), path, operation) for path, methods in document["paths"].items()
            for method, operation in methods.items()]


def body_operations(document: dict = DOCUMENT) -> list[tuple[str, str, dict]]:
    """(METHOD, path, body schema) of every operation that reads a body."""
    return [(method, path, operation["requestBody"]["content"]["application/json"]["schema"])
            for method, path, operation in operations(document) if "requestBody" in operation]


def url(world, path: str) -> str:
    return path.format(**world.values)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()
            if model._meta.app_label in OUR_APPS}
