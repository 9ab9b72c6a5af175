"""The picker fields: what they accept from the list, from a client sending the id alone, and
from the text box when there is no JavaScript; what they render (never the whole list)."""

from django import forms

from ceremonies.meetings.pickers import tree_teams
from programmes.pickers.fields import PersonPicker, TeamPicker, TeamsPicker
from programmes.selectors import people_in
from tests import factories

from . import member_named, pick_url


class ExampleForm(forms.Form):
    owner = PersonPicker(label="Owner")
    team = TeamPicker(required=False, label="Team")
    teams = TeamsPicker(required=False, label="Teams")

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].offer(people_in(programme), programme=programme,
                                   source="objective-owner")
        self.fields["team"].offer(programme.teams.all(), programme=programme,
                                  source="feedback-teams")
        self.fields["teams"].offer(tree_teams(programme), programme=programme,
                                   source="meeting-teams", meeting=7)


def posted(cast, **data):
    form = ExampleForm(data, programme=cast.programme)
    form.is_valid()
    return form


def test_a_person_picked_from_the_list_is_chosen(cast):
    form = posted(cast, owner=cast.member.pk, owner__text="Ana Member")
    assert form.errors == {} and form.cleaned_data["owner"] == cast.member


def test_a_client_sending_the_id_alone_is_understood(cast):
    form = posted(cast, owner=cast.member.pk)
    assert form.errors == {} and form.cleaned_data["owner"] == cast.member


def test_someone_from_another_programme_is_refused(cast):
    form = posted(cast, owner=cast.outsider.pk, owner__text="Olga Out")
    assert form.errors["owner"] == [
        "Select a valid choice. That choice is not one of the available choices."]


def test_an_id_that_is_no_id_is_refused(cast):
    for value in ("abc", "-1", "99999999999999999999", "1\x00"):
        assert "owner" in posted(cast, owner=value).errors, value


def test_without_javascript_a_full_email_address_names_the_person(cast):
    form = posted(cast, owner__text=f"  {cast.member.email.upper()} ")
    assert form.errors == {} and form.cleaned_data["owner"] == cast.member


def test_without_javascript_an_exact_name_names_the_person(cast):
    member_named(cast.team, "José Álvarez")
    form = posted(cast, owner__text="jose  alvarez")
    assert form.errors == {} and form.cleaned_data["owner"].name == "José Álvarez"


def test_part_of_a_name_is_not_enough_without_the_list(cast):
    form = posted(cast, owner__text="Ana")
    assert form.errors["owner"] == [
        "No one here is called “Ana”: type a full name or email address, or choose from "
        "the list."]
    assert 'value="Ana"' in str(form["owner"])  # what was typed stays in the box


def test_two_people_of_the_same_name_are_told_apart_by_email(cast):
    first = member_named(cast.team, "Alex Kim", email="alex.kim@example.com")
    member_named(cast.other_team, "Alex Kim", email="akim@example.com")
    form = posted(cast, owner__text="Alex Kim")
    assert form.errors["owner"] == [
        "More than one person here is called “Alex Kim”: type the email address of the one "
        "you mean, or choose from the list."]
    assert 'value="Alex Kim"' in str(form["owner"])
    assert posted(cast, owner__text="alex.kim@example.com").cleaned_data["owner"] == first


def test_a_homonym_picked_from_the_list_is_the_one_picked(cast):
    member_named(cast.team, "Alex Kim")
    second = member_named(cast.other_team, "Alex Kim")
    form = posted(cast, owner=second.pk, owner__text="Alex Kim")
    assert form.errors == {} and form.cleaned_data["owner"] == second


def test_another_name_typed_over_the_one_picked_is_the_one_meant(cast):
    form = posted(cast, owner=cast.member.pk, owner__text="Sam SM")
    assert form.errors == {} and form.cleaned_data["owner"] == cast.scrum_master


def test_an_emptied_box_chooses_no_one(cast):
    form = posted(cast, owner=cast.member.pk, owner__text="")
    assert form.errors["owner"] == ["This field is required."]


def test_text_that_cannot_be_stored_is_a_field_error(cast):
    form = posted(cast, owner__text="Ana\x00Member")
    assert form.errors["owner"] == ["Text cannot contain NUL characters."]


def test_a_team_is_named_by_its_name(cast):
    form = posted(cast, owner=cast.member.pk, team__text="card gateway")
    assert form.errors == {} and form.cleaned_data["team"] == cast.other_team


def test_teams_are_chips_and_typed_names_separated_by_commas(cast):
    form = posted(cast, owner=cast.member.pk, teams=[str(cast.team.pk)],
                  teams__text="Card Gateway, ledger")
    assert form.errors == {}
    assert form.cleaned_data["teams"] == [cast.team, cast.other_team]


def test_a_team_of_the_same_name_in_another_programme_is_named_with_it(cast):
    cards = factories.ProgrammeFactory(name="Cards", parent=cast.programme)
    theirs = factories.TeamFactory(programme=cards, name="Ledger")
    form = posted(cast, owner=cast.member.pk, teams__text="Ledger")
    assert form.errors["teams"] == [
        "More than one team here is called “Ledger”: type “Ledger (Cards)” or “Ledger”."]
    form = posted(cast, owner=cast.member.pk, teams__text="Ledger (Cards)")
    assert form.cleaned_data["teams"] == [theirs]


def test_each_team_not_found_is_said(cast):
    form = posted(cast, owner=cast.member.pk, teams__text="Ledger, Nope, Nada")
    assert form.errors["teams"] == [
        "No team here is called “Nope”: type its full name, or choose from the list.",
        "No team here is called “Nada”: type its full name, or choose from the list."]


def test_a_team_from_outside_the_tree_is_refused(cast):
    elsewhere = factories.TeamFactory(programme=cast.other_programme)
    form = posted(cast, owner=cast.member.pk, teams=[str(elsewhere.pk)])
    assert "Select a valid choice" in form.errors["teams"][0]


def test_it_renders_a_combobox_with_the_choice_not_the_list(cast):
    html = str(ExampleForm(initial={"owner": cast.member}, programme=cast.programme)["owner"])
    assert f'<input type="hidden" name="owner" value="{cast.member.pk}"' in html
    for attribute in ('role="combobox"', 'aria-expanded="false"', 'aria-controls="id_owner-list"',
                      'aria-autocomplete="list"', 'name="owner__text"', 'value="Ana Member"',
                      'role="listbox"', 'role="status"',
                      f'data-url="{pick_url(cast.programme, "objective-owner")}"'):
        assert attribute in html, attribute
    assert "<option" not in html and "Sam SM" not in html


def test_it_renders_the_chosen_teams_as_ticked_chips(cast):
    form = ExampleForm(initial={"teams": [cast.other_team, cast.team]}, programme=cast.programme)
    html = str(form["teams"])
    assert f'name="teams" value="{cast.other_team.pk}" checked> Card Gateway' in html
    assert f'name="teams" value="{cast.team.pk}" checked> Ledger' in html
    assert 'aria-multiselectable="true"' in html
    assert "?meeting=7" in html


def test_a_form_knows_whether_its_picker_changed(cast):
    initial = {"owner": cast.member, "teams": [cast.team]}
    same = ExampleForm({"owner": cast.member.pk, "owner__text": "Ana Member",
                        "teams": [str(cast.team.pk)], "teams__text": ""},
                       initial=initial, programme=cast.programme)
    assert same.changed_data == []
    other = ExampleForm({"owner__text": "Sam SM", "teams": [], "teams__text": "Ledger"},
                        initial=initial, programme=cast.programme)
    assert other.changed_data == ["owner", "teams"]
