"""The colour tokens meet WCAG 2.2 AA in both schemes: text at 4.5:1 on every background it is
drawn on, the focus ring and field borders at 3:1 (axe-core checks text on each page, but not
focus rings, nor the colours of states no crawl reaches)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css" / "metascrum.css"
TOKEN = re.compile(r"--([\w-]+):\s*light-dark\((#[0-9a-f]{3,6}),\s*(#[0-9a-f]{3,6})\)")
ALIAS = re.compile(r"--([\w-]+):\s*var\(--([\w-]+)\)")

TEXT = ["fg", "muted", "accent", "danger", "ok", "warn", "red", "amber", "green"]
BACKGROUNDS = ["bg", "panel", "tint-current", "tint-neutral", "tint-hover"]
ON_TINT = {"tint-info": "on-info", "tint-ok": "on-ok", "tint-warn": "on-warn",
           "tint-danger": "on-danger"}
TINTS = [*ON_TINT, "tint-current", "tint-neutral", "mark"]


def tokens(scheme: int) -> dict[str, str]:
    text = CSS.read_text()
    found = {name: pair[scheme] for name, *pair in TOKEN.findall(text)}
    found.update({name: found[target] for name, target in ALIAS.findall(text) if target in found})
    return found


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    channels = [int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


SCHEMES = pytest.mark.parametrize("scheme", [0, 1], ids=["light", "dark"])


def test_both_schemes_define_every_token_the_checks_need():
    for scheme in (0, 1):
        assert set(TEXT + BACKGROUNDS + TINTS + list(ON_TINT.values()) + ["focus"]) <= set(
            tokens(scheme))


@SCHEMES
def test_text_colours_read_at_4_5_to_1_on_the_page_and_panels(scheme):
    t = tokens(scheme)
    weak = [(fg, bg, round(contrast(t[fg], t[bg]), 2)) for fg in TEXT for bg in BACKGROUNDS
            if contrast(t[fg], t[bg]) < 4.5]
    assert weak == []


@SCHEMES
def test_each_tint_s_own_text_and_the_plain_text_read_on_it(scheme):
    t = tokens(scheme)
    pairs = [*ON_TINT.items(), *((tint, "fg") for tint in TINTS), ("tint-danger", "muted"),
             ("tint-warn", "muted")]
    weak = [(bg, fg, round(contrast(t[fg], t[bg]), 2)) for bg, fg in pairs
            if contrast(t[fg], t[bg]) < 4.5]
    assert weak == []


@SCHEMES
def test_the_focus_ring_and_field_borders_stand_out_at_3_to_1(scheme):
    t = tokens(scheme)
    drawn_on = {"focus": [*BACKGROUNDS, *TINTS], "field-line": ["bg", "panel"]}
    weak = [(name, bg, round(contrast(t[name], t[bg]), 2)) for name, backgrounds in
            drawn_on.items() for bg in backgrounds if contrast(t[name], t[bg]) < 3]
    assert weak == []


def test_the_focus_ring_on_the_header_stands_out_in_both_schemes():
    ring = re.search(r"\.site-header \{[^}]*--focus: (#[0-9a-f]{6})", CSS.read_text()).group(1)
    assert all(contrast(ring, tokens(scheme)["header-bg"]) >= 3 for scheme in (0, 1))
