"""Forms of a local measure's data page: one period typed in, a point corrected, rows pasted from a
spreadsheet. They read and normalise what was typed; the checks against the calendar and the data
already entered are the service's (:mod:`projects.services.local_data`), so a typed row and a pasted one
are judged alike."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import LocalMeasure, LocalPeriod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
REPLACE_HELP = _("Without this, a period that already has a figure is refused.")


class _Crispy:
    def _helper(self):
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


def _label_fields(form, measure: LocalMeasure) -> None:
    numerator = form.fields["numerator"]
    if measure.is_proportion:
        numerator.label = _("Numerator")
        numerator.help_text = measure.display_numerator_label
        form.fields["denominator"].help_text = measure.display_denominator_label
    else:
        numerator.label = _("Count")
        numerator.help_text = measure.display_definition[:200]
        del form.fields["denominator"]


class DataPointForm(_Crispy, forms.Form):
    period_start = forms.DateField(
        label=_("Period"), widget=DATE, input_formats=["%Y-%m-%d", "%m/%d/%Y"], help_text=_("The week's Monday.")
    )
    numerator = forms.IntegerField(label=_("Numerator"), min_value=0)
    denominator = forms.IntegerField(label=_("Denominator"), min_value=1)
    replace = forms.BooleanField(label=_("Replace the figure already entered for this period"), required=False)

    def __init__(self, *args, measure: LocalMeasure, **kwargs):
        super().__init__(*args, **kwargs)
        if measure.period == LocalPeriod.MONTH:
            self.fields["period_start"].help_text = _("The first day of the month.")
        self.fields["replace"].help_text = REPLACE_HELP
        _label_fields(self, measure)
        self._helper()

    def entry(self) -> dict:
        data = self.cleaned_data
        return {
            "period": data["period_start"],
            "numerator": data["numerator"],
            "denominator": data.get("denominator"),
            "replace": data["replace"],
        }


class DataPointEditForm(_Crispy, forms.Form):
    numerator = forms.IntegerField(label=_("Numerator"), min_value=0)
    denominator = forms.IntegerField(label=_("Denominator"), min_value=1)

    def __init__(self, *args, measure: LocalMeasure, **kwargs):
        super().__init__(*args, **kwargs)
        _label_fields(self, measure)
        self._helper()


class PasteForm(_Crispy, forms.Form):
    text = forms.CharField(
        label=_("Rows from a spreadsheet"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "class": "font-monospace"}),
        max_length=40_000,
    )
    replace = forms.BooleanField(label=_("Replace figures already entered for the same periods"), required=False)

    def __init__(self, *args, measure: LocalMeasure, **kwargs):
        # The page also shows DataPointForm, which has a "replace" box too: the paste's ids get their own prefix
        # ("id_paste_replace") so no id is on the page twice. The names posted stay "text" and "replace".
        kwargs.setdefault("auto_id", "id_paste_%s")
        super().__init__(*args, **kwargs)
        if measure.is_proportion:
            help_text = _(
                "One row per period: the period's first day, the numerator, the denominator; separated by tabs "
                "(copied from a spreadsheet) or commas. Dates as 2026-03-02 or 3/2/2026. A header row is fine."
            )
        else:
            help_text = _(
                "One row per period: the period's first day and the count; separated by tabs (copied from a "
                "spreadsheet) or commas. Dates as 2026-03-02 or 3/2/2026. A header row is fine."
            )
        self.fields["text"].help_text = help_text
        self.fields["replace"].help_text = REPLACE_HELP
        self._helper()
