"""The form-error helper every view that calls a service shares."""

from django.core.exceptions import ValidationError


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to its field, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
