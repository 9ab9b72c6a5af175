"""Text a page cannot store or show, typed into a form: a field error with the typed text kept,
nothing stored, never a 500. The daily update stands for every form (every text field is the
same `metascrum.lib.forms.TextField`: tests/project/test_form_text_fields.py)."""

import pytest
from django.urls import reverse

from ceremonies.models import DailyUpdate
from ceremonies.updates.forms import UpdateForm
from metascrum.lib.text import NUL_MESSAGE, SURROGATE_MESSAGE
from tests.ceremonies.updates import form_data, form_url, upcoming_meeting
from tests.security.forms import post_raw


@pytest.fixture
def meeting(cast):
    return upcoming_meeting(cast.programme)


@pytest.fixture
def sam(client, cast):
    client.force_login(cast.scrum_master)
    client.raise_request_exception = False  # a 500 must show as a 500 here, not an exception
    return client


def test_a_nul_is_a_field_error_and_the_text_is_kept(sam, cast, meeting):
    response = sam.post(form_url(cast.team), form_data(meeting=meeting, done="Ship\x00ped"))
    page = response.content.decode()
    assert response.status_code == 400
    assert str(NUL_MESSAGE) in page and "Null characters are not allowed" not in page
    assert "Ship\x00ped</textarea>" in page
    assert not DailyUpdate.objects.exists()


def test_a_lone_surrogate_is_a_field_error(cast):
    form = UpdateForm(form_data(done="Ship\ud800ped"), team=cast.team)
    assert form.errors["done"] == [SURROGATE_MESSAGE]


def test_a_lone_surrogate_is_shown_back_as_a_replacement_character(cast):
    form = UpdateForm(form_data(done="Ship\ud800ped"), team=cast.team)
    form.is_valid()
    html = str(form["done"])
    assert "Ship\ufffdped</textarea>" in html
    html.encode("utf-8")  # the page can be sent


def test_a_need_with_a_nul_is_a_field_error(cast):
    form = UpdateForm(form_data(need_team_1=cast.other_team.pk, need_what_1="Card\x00API"),
                      team=cast.team)
    assert form.errors["need_what_1"] == [NUL_MESSAGE]


def test_plain_unicode_is_accepted(sam, cast, meeting):
    response = sam.post(form_url(cast.team), form_data(meeting=meeting, done="Släpp 🚀 中文"))
    assert response.status_code == 302
    assert DailyUpdate.objects.get().done == "Släpp 🚀 中文"


def test_a_declared_charset_cannot_smuggle_a_lone_surrogate(sam, cast, meeting):
    # With charset=unicode_escape Django would decode the text "\ud800" into a lone surrogate,
    # and the refused choice would be echoed into a page no one can encode. Read as UTF-8, it
    # is six plain characters, kept as typed.
    data = form_data(meeting=meeting, done="a\\ud800", health="\\ud800")
    response = post_raw(sam, form_url(cast.team), data, charset="unicode_escape")
    assert response.status_code == 400 and "a\\ud800</textarea>" in response.content.decode()
    assert not DailyUpdate.objects.exists()


def test_a_declared_charset_cannot_smuggle_one_into_a_query_string(sam, cast):
    url = reverse("feedback:metrics", kwargs={"slug": cast.programme.slug})
    response = sam.get(f"{url}?start=%5Cud800", CONTENT_TYPE="text/plain; charset=unicode_escape")
    assert response.status_code == 400 and "\\ud800" in response.content.decode()


@pytest.mark.parametrize("raw", [b"a\xc0\xafb", b"a\xed\xa0\x80b", b"a\xffb"],
                         ids=["overlong", "encoded-surrogate", "invalid-byte"])
def test_bytes_that_are_not_utf8_are_read_as_replacement_characters(sam, cast, meeting, raw):
    response = post_raw(sam, form_url(cast.team), form_data(meeting=meeting, done=raw))
    assert response.status_code == 302
    done = DailyUpdate.objects.get().done
    assert done.startswith("a\ufffd") and done.endswith("\ufffdb")
