"""What every form shares: the text field that refuses what the API refuses
(`metascrum.lib.text`), and the helper that shows a service's errors on a form."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import models

from metascrum.lib.text import showable, text_problem


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)



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
