"""Discover every named URL pattern of the project from the URLconf."""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

SKIPPED_NAMESPACES = {"admin"}  # Django's own admin, guarded by is_staff (tests/project)


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    params: tuple[str, ...]


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            full_ns = f"{namespace}{ns}:" if ns else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = prefix + str(entry.pattern)
            yield Route(name=namespace + entry.name, pattern=pattern,
                        params=tuple(entry.pattern.converters))


def all_routes() -> list[Route]:
    seen = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.name, route)
    return sorted(seen.values(), key=lambda r: r.name)


def project_routes() -> list[Route]:
    """The web pages (the JSON API has its own matrix, with tokens instead of sessions)."""
    return [r for r in all_routes() if not r.name.startswith("api:")]


def api_routes() -> list[Route]:
    return [r for r in all_routes() if r.name.startswith("api:")]
