from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from measures.models import REFERENCE_BEST, REFERENCE_LARGEST, DataKind, Measure, SpcRules, Stratum, Unit

ACCEPTED_SUFFIXES = (".csv", ".txt")
MAX_FILES = len(DataKind.values)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            if not data and self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportUploadForm(forms.Form):
    files = MultipleFileField(
        label=_("CSV files"),
        help_text=_(
            "One file or several sent together (for example clients.csv with requests.csv). "
            "Each file is checked completely before anything is written."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        required=False,
        choices=[("", _("Work it out from the column names (recommended)")), *DataKind.choices],
        help_text=_("Only for a single file. If the columns say otherwise, the file is refused and you are told why."),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Send at most %(count)s files at once."), params={"count": MAX_FILES}, code="too_many"
            )
        limit = settings.QIC_IMPORT_MAX_UPLOAD_BYTES
        for upload in files:
            if not upload.name.lower().endswith(ACCEPTED_SUFFIXES):
                raise forms.ValidationError(
                    _("%(name)s is not a CSV file. Save the spreadsheet as “CSV UTF-8” and send that."),
                    params={"name": upload.name},
                    code="not_csv",
                )
            if upload.size == 0:
                raise forms.ValidationError(_("%(name)s is empty."), params={"name": upload.name}, code="empty")
            if upload.size > limit:
                raise forms.ValidationError(
                    _("%(name)s is %(size)s; the limit is %(limit)s. Split it by month or ask an administrator."),
                    params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                    code="too_large",
                )
        return files

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") and len(cleaned.get("files") or []) > 1:
            self.add_error("kind", _("Leave the kind to be worked out when you send several files."))
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this file withdrawn?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with your name, e.g. “The county sent the wrong month”."),
    )


class MeasureSettingsForm(forms.Form):
    """What QI staff may change about a measure: its target, how it is charted and compared, its review."""

    target = forms.DecimalField(
        label=_("Target"),
        required=False,
        max_digits=9,
        decimal_places=2,
        min_value=0,
        help_text=_("In the measure's unit. Leave blank for no target."),
    )
    spc_rules = forms.ChoiceField(label=_("Control chart rules"), choices=SpcRules.choices)
    baseline_months = forms.IntegerField(
        label=_("Baseline months"),
        required=False,
        min_value=2,
        max_value=60,
        help_text=_("Freeze the control limits on this many first months of each phase. Blank: use every month."),
    )
    written_by = forms.CharField(label=_("Definition written by"), max_length=100, required=False)
    checked_by = forms.CharField(label=_("Definition checked by"), max_length=100, required=False)
    next_review = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        help_text=_('Kept in the measure\'s history, e.g. "Council meeting of 12 March: target raised".'),
    )

    def __init__(self, *args, measure: Measure, group_choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.reference_fields = {}
        for stratum in measure.strata:
            if stratum not in Stratum.values:
                continue
            name = f"reference_{stratum}"
            self.fields[name] = forms.ChoiceField(
                label=_("Reference group: %(stratum)s") % {"stratum": Stratum(stratum).label},
                choices=[
                    (REFERENCE_LARGEST, _("The largest group")),
                    (REFERENCE_BEST, _("The best-performing group")),
                    *group_choices.get(stratum, []),
                ],
                initial=measure.reference_rule(stratum),
            )
            self.reference_fields[name] = stratum
        self.order_fields(
            [
                "target",
                "spc_rules",
                "baseline_months",
                *self.reference_fields,
                "written_by",
                "checked_by",
                "next_review",
            ]
        )

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target is not None and self.measure.unit == Unit.PERCENT and target > 100:
            raise forms.ValidationError(_("A percentage target is between 0 and 100."))
        return target

    def settings(self) -> dict:
        """The cleaned values as the service takes them."""
        cleaned = dict(self.cleaned_data)
        references = {stratum: cleaned.pop(name) for name, stratum in self.reference_fields.items()}
        cleaned["reference_groups"] = {
            stratum: rule for stratum, rule in references.items() if rule != REFERENCE_LARGEST
        }
        return cleaned


class ChartNoteForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("The month the change started, e.g. 2026-03."),
    )
    text = forms.CharField(label=_("Note"), max_length=200, help_text=_("E.g. “PDSA 2: reminder calls start”."))
    text_es = forms.CharField(
        label=_("Note (Spanish)"),
        max_length=200,
        required=False,
        help_text=_("What Spanish readers see on the chart; the English is shown, marked, where it is blank."),
    )
    starts_phase = forms.BooleanField(label=_("The process changed here: start new control limits"), required=False)
