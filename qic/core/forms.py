"""Form pieces shared by the apps."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django.utils.translation import gettext_lazy as _

from qic.core.i18n import FIRST_LANGUAGE, SECOND_LANGUAGE

SPANISH_HELP = _(
    "Optional. Readers who chose Spanish see it; while it is blank they see the English, marked “English only”."
)


def spanish_beside_english(form, order=None) -> FormHelper:
    """Lay each ``<field>_es`` of ``form`` beside its English ``<field>``: two columns on a wide screen,
    one under the other on a phone. Each input says which language it takes (``lang``), so spelling
    checkers and screen readers use the right one, and a Spanish field without help text says what
    happens while it is blank. Sets and returns ``form.helper``; render with ``{% crispy form %}``.

    ``order`` is the layout when the form has one of its own: field names (a Spanish one may be left
    out: it goes beside its English one) and crispy layout objects, kept as they are. By default, the
    form's fields in order."""
    suffix = f"_{SECOND_LANGUAGE}"
    fields = form.fields
    layout = []
    for name in fields if order is None else order:
        if not isinstance(name, str):
            layout.append(name)
            continue
        if name.endswith(suffix) and name.removesuffix(suffix) in fields:
            continue  # placed beside its English field
        spanish = f"{name}{suffix}"
        if spanish not in fields:
            layout.append(name)
            continue
        fields[name].widget.attrs.setdefault("lang", FIRST_LANGUAGE)
        fields[spanish].widget.attrs.setdefault("lang", SECOND_LANGUAGE)
        if not fields[spanish].help_text:
            fields[spanish].help_text = SPANISH_HELP
        layout.append(Row(Column(name, css_class="col-md-6"), Column(spanish, css_class="col-md-6")))
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    form.helper = helper
    return helper
