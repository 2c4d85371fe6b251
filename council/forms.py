"""Forms for the council: they validate and normalise; the views hand ``cleaned_data`` to a service.

Texts that may be published (minutes, decisions) are checked for personal information as dialogue
themes are, and say so in their help text.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from council.models import (
    DEFAULT_MEETING_TITLE,
    ActionItemStatus,
    AgendaItem,
    CouncilMeeting,
    CouncilRole,
    DecisionChange,
    DecisionMethod,
    WsqElement,
    WsqStage,
)
from council.services.approvals import APPROVE_EVALUATION, APPROVE_PLAN
from council.services.assessment import RatingInput
from council.services.records import decision_check
from dialogues.models import CouncilInitiative, InitiativeStatus, Problem, ProblemStatus, ProblemTier
from dialogues.services.sessions import phi_check
from measures.models import Measure
from qic.core.forms import spanish_beside_english
from workplan.models import WorkPlan

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT)
NO_PERSONAL_INFORMATION = _(
    "May be published. Write about the services, never about a person: no names of clients, no diagnoses, "
    "no contact details."
)


class _CrispyForm:
    """The form's fields only, each Spanish one beside its English: the template draws the <form> and its buttons."""

    def _helper(self):
        spanish_beside_english(self)


def _phi_clean(form, field):
    value = (form.cleaned_data.get(field) or "").strip()
    try:
        phi_check(text=value, field=field)
    except ValidationError as error:
        raise forms.ValidationError(error.message_dict[field]) from error
    return value


def _people():
    return get_user_model().objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.get_full_name()
        return f"{name} ({obj.get_username()})" if name else obj.get_username()


class CouncilMemberForm(_CrispyForm, forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Seat"), choices=CouncilRole.choices)
    term_starts_on = forms.DateField(label=_("Term starts"), widget=DATE)
    term_ends_on = forms.DateField(label=_("Term ends"), widget=DATE, required=False)
    votes = forms.BooleanField(
        label=_("Votes"), required=False, initial=True, help_text=_("Voting members count towards the quorum.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _people()
        self._helper()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("term_starts_on"), cleaned.get("term_ends_on")
        if starts and ends and ends < starts:
            self.add_error("term_ends_on", _("The term cannot end before it starts."))
        return cleaned


class EndTermForm(_CrispyForm, forms.Form):
    term_ends_on = forms.DateField(label=_("Term ends"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class MeetingForm(_CrispyForm, forms.ModelForm):
    video_link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")

    class Meta:
        model = CouncilMeeting
        fields = ["title", "title_es", "starts_at", "ends_at", "place", "video_link", "status", "stipend_amount"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in ("starts_at", "ends_at"):
            self.fields[field].input_formats = [DATETIME_INPUT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        if not self.instance.pk:
            # English in the title, Spanish beside it, whatever the language of the person planning it.
            self.fields["title"].initial = DEFAULT_MEETING_TITLE
        self.fields["title_es"].help_text = _("Blank: the council's name in Spanish, or the English title.")
        self._helper()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned

    def _post_clean(self):
        # The model's own checks run in the service, with the same plain messages as here.
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class AgendaItemForm(_CrispyForm, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=200, required=False)
    detail = forms.CharField(
        label=_("Detail"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_PERSONAL_INFORMATION
    )
    detail_es = forms.CharField(label=_("Detail (Spanish)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, member=False, **kwargs):
        super().__init__(*args, **kwargs)
        if member:
            self.fields["title"].label = _("The matter you want the council to discuss")
            self.fields["title"].help_text = NO_PERSONAL_INFORMATION
        self._helper()

    def clean_title(self):
        return _phi_clean(self, "title")

    def clean_title_es(self):
        return _phi_clean(self, "title_es")

    def clean_detail(self):
        return _phi_clean(self, "detail")

    def clean_detail_es(self):
        return _phi_clean(self, "detail_es")


class AttendanceForm(_CrispyForm, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Who attended"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(member.pk), f"{member.display_name} · {member.get_role_display()}") for member in members
        ]
        self._helper()


class MinutesForm(_CrispyForm, forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5}), help_text=NO_PERSONAL_INFORMATION
    )
    minutes_es = forms.CharField(
        label=_("Minutes (Spanish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed before the minutes can be published."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def clean_minutes(self):
        return _phi_clean(self, "minutes")

    def clean_minutes_es(self):
        return _phi_clean(self, "minutes_es")


class DecisionForm(_CrispyForm, forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    text = forms.CharField(
        label=_("What was decided"), widget=forms.Textarea(attrs={"rows": 3}), help_text=NO_PERSONAL_INFORMATION
    )
    text_es = forms.CharField(
        label=_("What was decided (Spanish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed before the minutes can be published."),
    )
    method = forms.ChoiceField(label=_("How"), choices=DecisionMethod.choices, widget=forms.RadioSelect)
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0)
    change = forms.ChoiceField(
        label=_("What it changes in QIC"), choices=DecisionChange.choices, initial=DecisionChange.NONE
    )
    measure = forms.ModelChoiceField(
        label=_("Measure whose target changed"), queryset=Measure.objects.active(), required=False
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative that changed"), queryset=CouncilInitiative.objects.order_by("title"), required=False
    )
    problem = forms.ModelChoiceField(
        label=_("Problem whose tier changed"),
        queryset=Problem.objects.filter(status=ProblemStatus.OPEN).order_by("title"),
        required=False,
    )
    new_target = forms.DecimalField(
        label=_("New target"),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("In the measure's unit. QIC changes the target and its history names this meeting."),
    )
    new_initiative_status = forms.ChoiceField(
        label=_("New status of the initiative"),
        choices=[("", _("Leave as it is")), *InitiativeStatus.choices],
        required=False,
    )
    new_tier = forms.ChoiceField(
        label=_("Escalate the problem to"),
        choices=[("", _("Leave as it is")), *ProblemTier.choices],
        required=False,
        help_text=_("The decision's text is kept as the reason for the escalation."),
    )
    # Each kind of change sits with its link and its new value.
    field_order = [
        "agenda_item", "text", "text_es", "method", "votes_for", "votes_against", "abstentions", "change",
        "measure", "new_target", "initiative", "new_initiative_status", "problem", "new_tier",
    ]  # fmt: skip

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self._helper()

    def clean_text(self):
        return _phi_clean(self, "text")

    def clean_text_es(self):
        return _phi_clean(self, "text_es")

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("method")
        if method:
            try:
                decision_check(
                    method=method,
                    votes_for=cleaned.get("votes_for"),
                    votes_against=cleaned.get("votes_against"),
                    abstentions=cleaned.get("abstentions"),
                    voting_present=None,
                )
            except ValidationError as error:
                self.add_error(None, error)
        needed = {
            DecisionChange.TARGET: "measure",
            DecisionChange.INITIATIVE: "initiative",
            DecisionChange.PROBLEM_TIER: "problem",
        }.get(cleaned.get("change"))
        if needed and not cleaned.get(needed):
            self.add_error(needed, _("Choose what the decision changed."))
        return cleaned


class ActionItemForm(_CrispyForm, forms.Form):
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    description = forms.CharField(label=_("What will be done"), max_length=300)
    description_es = forms.CharField(label=_("What will be done (Spanish)"), max_length=300, required=False)
    owner = PersonChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due"), widget=DATE)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position")
        self.fields["owner"].queryset = _people()
        self._helper()

    def clean_description(self):
        return _phi_clean(self, "description")

    def clean_description_es(self):
        return _phi_clean(self, "description_es")


class ActionStatusForm(_CrispyForm, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItemStatus.choices)
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when dropping an item: say why."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def clean_note(self):
        return _phi_clean(self, "note")


class StipendPayForm(forms.Form):
    entries = forms.MultipleChoiceField(
        label=_("Stipends to mark as paid"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)

    def __init__(self, *args, entries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(entry.pk), str(entry.pk)) for entry in entries]


class SelfAssessmentForm(_CrispyForm, forms.Form):
    """This year's stage and evidence for each of the six elements (seed 004, Table 5)."""

    def __init__(self, *args, current=None, **kwargs):
        current = current or {}
        initial = kwargs.setdefault("initial", {})
        for element in WsqElement:
            rating = current.get(element.value)
            if rating is not None:
                initial.setdefault(f"stage_{element.value}", rating.stage)
                initial.setdefault(f"evidence_{element.value}", rating.evidence)
                initial.setdefault(f"evidence_es_{element.value}", rating.evidence_es)
        super().__init__(*args, **kwargs)
        for number, element in enumerate(WsqElement, start=1):
            self.fields[f"stage_{element.value}"] = forms.TypedChoiceField(
                label=_("Element %(number)s: %(element)s") % {"number": number, "element": element.label},
                choices=WsqStage.choices,
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"evidence_{element.value}"] = forms.CharField(
                label=_("Evidence"),
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("What the stage rests on: what the council has seen, in general terms."),
            )
            self.fields[f"evidence_es_{element.value}"] = forms.CharField(
                label=_("Evidence (Spanish)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
        self._helper()

    def ratings(self) -> list[RatingInput]:
        data = self.cleaned_data
        return [
            RatingInput(
                element=element.value,
                stage=data[f"stage_{element.value}"],
                evidence=data[f"evidence_{element.value}"],
                evidence_es=data.get(f"evidence_es_{element.value}", ""),
            )
            for element in WsqElement
        ]


class WorkPlanApprovalForm(_CrispyForm, forms.Form):
    """Which approval this meeting records: a work plan, or its annual evaluation."""

    what = forms.ChoiceField(
        label=_("What the council approved"),
        choices=[(APPROVE_PLAN, _("The QI work plan")), (APPROVE_EVALUATION, _("Its annual evaluation"))],
        widget=forms.RadioSelect,
    )
    plan = forms.ModelChoiceField(label=_("Work plan"), queryset=WorkPlan.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
