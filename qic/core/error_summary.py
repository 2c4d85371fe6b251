"""The error summary at the top of a page whose form was sent with mistakes (GOV.UK and USWDS pattern).

``base.html`` calls ``error_summary_items`` on everything in the page's context, so every form page gets the
summary (and the "Error: " title prefix) without its template doing anything: a box titled "There is a
problem" that lists each error as a link to its field. ``static/js/error-summary.js`` moves focus to it.

Sources: GOV.UK Design System, "Error summary" (https://design-system.service.gov.uk/components/error-summary/);
USWDS, "Form templates: validation".
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.utils.translation import gettext as _

# A label that already ends a sentence is followed by a space, not a colon: "Which describes you best? …".
_SENTENCE_ENDS = ("?", "!", ".", ":")


@dataclass(frozen=True)
class ErrorItem:
    """One line of the summary: the message, and the id of the field it links to ("" for none)."""

    message: str
    target: str


def error_summary_items(*, candidates: Iterable[object]) -> list[ErrorItem]:
    """The errors of every bound form and formset among ``candidates`` (a template context's values).

    Returns them in the forms' field order, each form's errors that belong to no field first. A message is
    prefixed with its field's label ("Start date: Enter a valid date."), so the line says which question it is
    about, unless the form set it for that field (``error_messages``), when it already does. The same message
    on several fields of one form (an e-mail *or* a phone) is listed once, linking to the first.
    """
    items: list[ErrorItem] = []
    seen_objects: set[int] = set()
    for candidate in candidates:
        if id(candidate) in seen_objects:
            continue
        seen_objects.add(id(candidate))
        if isinstance(candidate, BaseFormSet):
            items.extend(_formset_items(candidate))
        elif isinstance(candidate, forms.BaseForm):
            items.extend(_form_items(candidate))
    return items


def _formset_items(formset: BaseFormSet) -> list[ErrorItem]:
    if not formset.is_bound:
        return []
    items = [ErrorItem(message=str(message), target="") for message in formset.non_form_errors()]
    for form in formset.forms:
        items.extend(_form_items(form))
    return items


def _form_items(form: forms.BaseForm) -> list[ErrorItem]:
    if not form.is_bound or not form.errors:
        return []
    items = [ErrorItem(message=str(message), target="") for message in form.non_field_errors()]
    listed = {item.message for item in items}
    errors = form.errors.as_data()
    for name in form.fields:
        bound_field = form[name]
        for error in errors.get(name, []):
            for message in error:
                message = str(message)
                if not _written_for_the_field(error, bound_field.field):
                    message = _with_label(bound_field, message)
                # The same words on several fields are one problem (GOV.UK: link to the first field it concerns).
                if message in listed:
                    continue
                listed.add(message)
                items.append(ErrorItem(message=message, target=_field_id(bound_field)))
    return items


def _written_for_the_field(error: ValidationError, field: forms.Field) -> bool:
    """Whether the message is one the form set for this very field (``error_messages={...}``), which says
    what to do; Django's wording for any field of its kind, a validator's, or the form's own cleaning are
    shown after the field's label."""
    code = getattr(error, "code", None)
    if code is None or code not in field.error_messages:
        return False
    default = _class_default_message(type(field), code)
    return default is None or str(field.error_messages[code]) != str(default)


def _class_default_message(field_class: type, code: str):
    for klass in field_class.__mro__:
        messages = klass.__dict__.get("default_error_messages", {})
        if code in messages:
            return messages[code]
    return None


def _with_label(bound_field: forms.BoundField, message: str) -> str:
    label = str(bound_field.label or bound_field.name).strip()
    if label.endswith(_SENTENCE_ENDS):
        return f"{label} {message}"
    return _("%(label)s: %(message)s") % {"label": label, "message": message}


def _field_id(bound_field: forms.BoundField) -> str:
    """The id of the input to focus: the field's own, or the first of its radios, boxes or parts."""
    if bound_field.is_hidden:
        return ""
    field_id = bound_field.id_for_label
    if not field_id and bound_field.auto_id:
        # Radios and checkbox lists have no single input; Django numbers each from 0.
        field_id = f"{bound_field.auto_id}_0"
    return field_id or ""
