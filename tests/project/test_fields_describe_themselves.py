"""Each field's help and errors are tied to it: the ids Django 5.2 names in a widget's (or a
group's) aria-describedby, "id_x_helptext id_x_error", are on the page once each, however many
errors the field has, in every shared field template and the update form's health radios."""

import re

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from tests.ceremonies.updates import form_data, form_url, upcoming_meeting

FIELD_TEMPLATES = ["includes/field.html", "ceremonies/updates/_field.html"]
DESCRIBED = re.compile(r'aria-describedby="([^"]+)"')


def refuse(word):
    def validator(value):
        if word in value:
            raise ValidationError(f"No {word}, please.")
    return validator


class Sample(forms.Form):
    title = forms.CharField(help_text="A few words.", validators=[refuse("x"), refuse("y")])
    plain = forms.CharField(required=False)
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")],
                                  widget=forms.RadioSelect, help_text="Where it goes.")


def described_ids_and_counts(html: str) -> list[tuple[str, int]]:
    """Each id that an aria-describedby names, with how many elements on the page carry it."""
    return [(name, len(re.findall(f'id="{name}"', html)))
            for names in DESCRIBED.findall(html) for name in names.split()]


@pytest.mark.parametrize("template", FIELD_TEMPLATES)
def test_help_text_is_named_by_the_widget_and_found_once(template):
    html = render_to_string(template, {"field": Sample()["title"]})
    assert 'aria-describedby="id_title_helptext"' in html
    assert described_ids_and_counts(html) == [("id_title_helptext", 1)]


@pytest.mark.parametrize("template", FIELD_TEMPLATES)
def test_two_errors_share_the_one_error_id_the_widget_names(template):
    form = Sample(data={"title": "xy", "direction": "up"})
    html = render_to_string(template, {"field": form["title"]})
    assert 'aria-invalid="true"' in html
    assert described_ids_and_counts(html) == [("id_title_helptext", 1), ("id_title_error", 1)]
    error = re.search(r'<div class="error" id="id_title_error">(.*?)</div>', html).group(1)
    assert error == "<p>No x, please.</p><p>No y, please.</p>"


@pytest.mark.parametrize("template", FIELD_TEMPLATES)
def test_a_field_without_help_or_error_names_nothing(template):
    html = render_to_string(template, {"field": Sample()["plain"]})
    assert "aria-describedby" not in html and "_error" not in html


def test_a_radio_group_is_a_fieldset_whose_legend_and_error_belong_to_it():
    form = Sample(data={"title": "fine", "direction": "sideways"})
    html = render_to_string("includes/field.html", {"field": form["direction"]})
    assert re.search(r'<fieldset class="field field-group has-error" '
                     r'aria-describedby="id_direction_helptext id_direction_error">\s*'
                     r'<legend class="required">Direction</legend>', html)
    assert described_ids_and_counts(html) == [("id_direction_helptext", 1),
                                              ("id_direction_error", 1)]
    assert html.count('aria-invalid="true"') == 2  # each radio says so too


def test_the_update_form_s_health_error_is_tied_to_its_radio_group(client, cast):
    meeting = upcoming_meeting(cast.programme)
    client.force_login(cast.scrum_master)
    response = client.post(form_url(cast.team), form_data(meeting=meeting, health=""))
    html = response.content.decode()
    assert response.status_code == 400
    fieldset = re.search(r'<fieldset class="field health-field has-error"([^>]*)>', html).group(1)
    assert fieldset == ' aria-describedby="id_health_error"'
    assert html.count('id="id_health_error"') == 1
    assert "Choose the team&#x27;s health" in html
    assert all(count == 1 for _, count in described_ids_and_counts(html))
