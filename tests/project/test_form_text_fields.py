"""Every text field of every form is a `metascrum.lib.forms.TextField`, so every page refuses NUL
and lone surrogates with the same field error (the rule lives in `metascrum.lib.text`)."""

import importlib
import pkgutil

import pytest
from django import forms

from ceremonies.updates.forms import UpdateForm
from metascrum.lib.forms import TextField

APPS = ("programmes", "ceremonies", "feedback")


def _form_modules():
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            last = module.name.rsplit(".", 1)[-1]
            if last == "forms" or last.endswith("_forms"):
                yield importlib.import_module(module.name)


def form_classes() -> list[type]:
    return sorted({value for module in _form_modules() for value in vars(module).values()
                   if isinstance(value, type) and issubclass(value, forms.BaseForm)
                   and value.__module__.startswith(APPS)},
                  key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def plain_text_fields(form_class) -> list[str]:
    """Fields that are Django's bare CharField: email, URL and slug fields have their own."""
    return [name for name, field in form_class.base_fields.items()
            if type(field) is forms.CharField]


def test_it_finds_the_forms():
    names = {cls.__name__ for cls in form_classes()}
    assert {"UpdateForm", "RaiseForm", "BookingRequestForm", "ProgrammeForm", "TalkForm",
            "SteeringDecisionForm", "SeriesForm", "DecisionForm", "SubscriptionForm"} <= names


@pytest.mark.parametrize("form_class", form_classes(), ids=lambda cls: cls.__name__)
def test_every_text_field_is_a_text_field(form_class):
    assert plain_text_fields(form_class) == []


def test_the_fields_added_on_the_fly_are_text_fields_too(cast):
    form = UpdateForm(team=cast.team)
    assert isinstance(form.fields["need_what_1"], TextField)
