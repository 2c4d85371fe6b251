"""Forms for projects: they validate and normalise; the views hand ``cleaned_data`` to a service.
Rendered with crispy-forms (Bootstrap 5); the templates draw the <form> tag and the buttons."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aims.models import Aim, MatrixItem
from dialogues.forms.cells import MatrixItemChoiceField
from dialogues.models import CouncilInitiative, CqiCell, PdsaCycle, Problem, ProblemStatus
from measures.models import Measure
from projects.models import (
    ChangeIdea,
    Driver,
    ImprovementProject,
    LocalMeasure,
    MeasureRole,
    ProjectKind,
    SpreadSite,
    TeamRole,
)
from projects.services.family import LOCAL_MEASURE_FIELDS
from projects.services.projects import PROJECT_FIELDS
from qic.core.forms import spanish_beside_english

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT = forms.Textarea(attrs={"rows": 3})


class _Crispy:
    def _helper(self):
        """Last in ``__init__``, once the fields are final: each Spanish field beside its English one."""
        spanish_beside_english(self)


class ProjectForm(_Crispy, forms.ModelForm):
    """The project and its aim statement. A cell member starting their cell's project gets the cell's
    work only, and only their own cells; QI staff get every kind and every link."""

    aims = forms.ModelMultipleChoiceField(
        queryset=Aim.objects.all(), required=False, label=_("Aims it serves"), widget=forms.CheckboxSelectMultiple
    )
    matrix_items = MatrixItemChoiceField(
        queryset=MatrixItem.objects.select_related("aim", "level").order_by("code"),
        required=False,
        label=_("Matrix items it serves"),
    )

    class Meta:
        model = ImprovementProject
        fields = [*PROJECT_FIELDS, "aims", "matrix_items"]
        widgets = {
            "summary": SHORT,
            "summary_es": SHORT,
            "aim_by": DATE,
            "starts_on": DATE,
        }
        help_texts = {
            "aim_what": _("E.g. “first appointments kept”."),
            "aim_for_whom": _("E.g. “adults referred to the North clinic”."),
            "baseline_text": _("E.g. “about 6 in 10 kept in the last year”."),
            "goal_text": _("E.g. “8 in 10 kept”."),
            "origin_problem": _("Optional: the problem this project grew out of."),
        }

    def __init__(self, *args, cells=None, staff=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells if cells is not None else CqiCell.objects.order_by("name")
        self.fields["initiative"].queryset = CouncilInitiative.objects.order_by("title")
        # A project starts from a problem someone took up (open or resolved), not from a draft nobody has.
        taken_up = Q(status__in=(ProblemStatus.OPEN, ProblemStatus.RESOLVED)) | Q(pk=self.instance.origin_problem_id)
        self.fields["origin_problem"].queryset = Problem.objects.filter(taken_up).order_by("-created_at")
        if not staff:
            self.fields["kind"].choices = [(ProjectKind.CELL_WORK, ProjectKind.CELL_WORK.label)]
            for name in ("initiative", "origin_problem"):
                del self.fields[name]
            # A member starts their own cell's work: the cell is required, and chosen already when they have one.
            # (A lead who is not QI staff may also lead a PIP or an initiative, which belongs to no cell.)
            if self.instance.pk is None or self.instance.kind == ProjectKind.CELL_WORK:
                self.fields["cell"].required = True
                self.fields["cell"].empty_label = None
        self._helper()

    def clean(self):
        # Checked here too, so the reader gets an error beside the field rather than the constraint's.
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == ProjectKind.CELL_WORK and not cleaned.get("cell") and "cell" not in self.errors:
            self.add_error("cell", _("A cell's work belongs to a CQI cell: choose it."))
        if kind == ProjectKind.COUNCIL_INITIATIVE and not cleaned.get("initiative") and "initiative" in self.fields:
            self.add_error("initiative", _("Choose the council initiative this project carries out."))
        starts, aim_by = cleaned.get("starts_on"), cleaned.get("aim_by")
        if starts and aim_by and aim_by < starts:
            self.add_error("aim_by", _("The aim's date cannot come before the project starts."))
        return cleaned


class TeamMemberForm(_Crispy, forms.Form):
    user = forms.ModelChoiceField(
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"), label=_("Person")
    )
    role = forms.ChoiceField(choices=TeamRole.choices, label=_("Role in the team"), initial=TeamRole.MEMBER)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class DriverForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Driver
        fields = ["text", "text_es", "parent"]
        labels = {"parent": _("Under the primary driver")}
        help_texts = {"parent": _("Leave empty for a primary driver.")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        primaries = Driver.objects.filter(project=project, parent__isnull=True).order_by("position", "id")
        if self.instance.pk:
            primaries = primaries.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = primaries
        self.fields["parent"].required = False
        self._helper()


class ChangeIdeaForm(_Crispy, forms.ModelForm):
    class Meta:
        model = ChangeIdea
        fields = ["text", "text_es", "driver"]
        labels = {"driver": _("Under the driver")}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = Driver.objects.filter(project=project).order_by("position", "id")
        self._helper()


class CycleForm(_Crispy, forms.ModelForm):
    """Plan a cycle from a change idea, then record how it went: the same fields as a cell's cycle."""

    class Meta:
        model = PdsaCycle
        fields = [
            "title",
            "title_es",
            "measure",
            "plan_prediction",
            "plan_prediction_es",
            "plan_who",
            "plan_who_es",
            "plan_where",
            "plan_where_es",
            "plan_measure",
            "plan_measure_es",
            "starts_on",
            "ends_on",
            "do_notes",
            "do_notes_es",
            "study_notes",
            "study_notes_es",
            "act_decision",
            "act_notes",
            "act_notes_es",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            **{
                name: SHORT
                for field in ("plan_prediction", "do_notes", "study_notes", "act_notes")
                for name in (field, f"{field}_es")
            },
        }
        help_texts = {
            "measure": _("Optional: a registry measure of the family. The cycle's start is then marked on its chart."),
            "act_decision": _("Decide only after writing the study notes."),
        }

    def __init__(self, *args, project, planning=False, **kwargs):
        super().__init__(*args, **kwargs)
        measures = Measure.objects.filter(project_uses__project=project).order_by("name")
        self.fields["measure"].queryset = measures
        self.fields["measure"].required = False
        if planning:
            for name in ("ends_on", "do_notes", "study_notes", "act_decision", "act_notes"):
                del self.fields[name]
                self.fields.pop(f"{name}_es", None)
        self._helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("act_decision") and not (cleaned.get("study_notes") or "").strip():
            self.add_error("study_notes", _("Write what you learned, compared with the prediction, before deciding."))
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned


class RegistryMeasureForm(_Crispy, forms.Form):
    measure = forms.ModelChoiceField(queryset=Measure.objects.none(), label=_("Measure of the registry"))
    role = forms.ChoiceField(choices=MeasureRole.choices, label=_("Role in the family"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = (
            Measure.objects.filter(active=True).exclude(project_uses__project=project).order_by("name")
        )
        self._helper()


class LocalMeasureForm(_Crispy, forms.ModelForm):
    role = forms.ChoiceField(choices=MeasureRole.choices, label=_("Role in the family"))

    class Meta:
        model = LocalMeasure
        fields = [*LOCAL_MEASURE_FIELDS]
        widgets = {"definition": SHORT, "definition_es": SHORT}
        help_texts = {
            "numerator_label": _("E.g. “first appointments kept”; for a count, what is counted."),
            "denominator_label": _("For a proportion: e.g. “first appointments booked”."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and hasattr(self.instance, "family_entry"):
            self.fields["role"].initial = self.instance.family_entry.role
        self._helper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "proportion" and not (cleaned.get("denominator_label") or "").strip():
            self.add_error("denominator_label", _("Say what the denominator counts."))
        return cleaned

    def validate_unique(self):
        """The service checks the name is new in the project (the form has no project field)."""


class SpreadSiteForm(_Crispy, forms.ModelForm):
    class Meta:
        model = SpreadSite
        fields = ["place", "place_es", "status", "on", "note", "note_es"]
        widgets = {"on": DATE, "note": SHORT, "note_es": SHORT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def validate_unique(self):
        """The service checks the place is new in the project."""
