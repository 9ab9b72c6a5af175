"""The one rule for accepted text (metascrum.lib.text), asked by the API type and the form field."""

import pytest

from metascrum.lib.text import NUL_MESSAGE, SURROGATE_MESSAGE, showable, text_problem


@pytest.mark.parametrize("value", ["", "Shipped", "ßøæ中文\u202e", "Shipped 🚀", "\ufffd"])
def test_it_accepts_text_utf8_can_encode(value):
    assert text_problem(value) is None


@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
def test_it_refuses_a_nul(value):
    assert text_problem(value) == NUL_MESSAGE


@pytest.mark.parametrize("value", ["\ud800", "a\udbffb", "\udc00", "x\udfff"])
def test_it_refuses_a_lone_surrogate(value):
    assert text_problem(value) == SURROGATE_MESSAGE


def test_it_shows_a_lone_surrogate_as_a_replacement_character():
    assert showable("a\ud800b 🚀") == "a\ufffdb 🚀"
