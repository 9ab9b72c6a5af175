"""The text field of every form, so a page refuses what the API refuses (`metascrum.text`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from .text import showable, text_problem


def validate_text(value: str) -> None:
    if problem := text_problem(value):
        raise ValidationError(problem, code="text_not_storable")


class TextField(forms.CharField):
    """A CharField refusing NUL and lone surrogates with a field error; what was typed is shown
    back (a lone surrogate as U+FFFD, since no page can encode it)."""

    default_validators = [validate_text]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Django's own NUL check would say it a second time, in other words.
        self.validators = [v for v in self.validators
                           if not isinstance(v, ProhibitNullCharactersValidator)]

    def prepare_value(self, value):
        return showable(value) if isinstance(value, str) else value


def text_formfield(db_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: text columns become TextFields, the rest (choices,
    emails, slugs, dates, …) get the field Django gives them."""
    if type(db_field) in (models.CharField, models.TextField) and not db_field.choices:
        return db_field.formfield(form_class=TextField, **kwargs)
    return db_field.formfield(**kwargs)
