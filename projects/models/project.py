"""An improvement project: one kind of record for a cell's work, a council initiative and a performance
improvement project (PIP), with its aim statement in parts, its team and where its change is spread."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qic.core.i18n import localized, localized_is_fallback
from qic.core.models import TimeStampedModel


class ProjectKind(models.TextChoices):
    CELL_WORK = "cell_work", _("A CQI cell's work")
    COUNCIL_INITIATIVE = "initiative", _("Council initiative")
    # Every county runs two PIPs a year, one of each, validated by the state's external quality reviewer.
    PIP_CLINICAL = "pip_clinical", _("PIP, clinical")
    PIP_NON_CLINICAL = "pip_non_clinical", _("PIP, non-clinical")


#: Kinds whose team must include a consumer or family member (the page warns when it has none).
CONSUMER_VOICE_KINDS = frozenset(
    {ProjectKind.COUNCIL_INITIATIVE, ProjectKind.PIP_CLINICAL, ProjectKind.PIP_NON_CLINICAL}
)
PIP_KINDS = frozenset({ProjectKind.PIP_CLINICAL, ProjectKind.PIP_NON_CLINICAL})


class ProjectStage(models.TextChoices):
    """Where the team says the project is. The progress score is worked out separately, from the data."""

    PLANNING = "planning", _("Planning")
    TESTING = "testing", _("Testing changes")
    IMPLEMENTING = "implementing", _("Implementing")
    SPREADING = "spreading", _("Spreading")
    SUSTAINING = "sustaining", _("Sustaining")
    CLOSED = "closed", _("Closed")


class ImprovementProjectQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("cell", "initiative").order_by("stage", "kind", "title")

    def open(self):
        return self.exclude(stage=ProjectStage.CLOSED)

    def running_in(self, year: int):
        """Projects under way at some time during ``year``: started by its end, not closed before it began."""
        return self.filter(starts_on__year__lte=year).filter(Q(closed_on__isnull=True) | Q(closed_on__year__gte=year))


class ImprovementProject(TimeStampedModel):
    """A project with an aim statement (what will improve, for whom, from what to what, by when)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=ProjectKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True)
    summary = models.TextField(_("why this project"), blank=True)
    summary_es = models.TextField(_("why this project (Spanish)"), blank=True)
    cell = models.ForeignKey(
        "dialogues.CqiCell",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("CQI cell"),
    )
    initiative = models.ForeignKey(
        "dialogues.CouncilInitiative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("council initiative"),
    )
    origin_problem = models.ForeignKey(
        "dialogues.Problem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("the problem it started from"),
    )
    # The aim statement, in parts (IHI Model for Improvement: "what are we trying to accomplish?").
    aim_what = models.CharField(_("what will improve"), max_length=300, blank=True)
    aim_what_es = models.CharField(_("what will improve (Spanish)"), max_length=300, blank=True)
    aim_for_whom = models.CharField(_("for whom"), max_length=300, blank=True)
    aim_for_whom_es = models.CharField(_("for whom (Spanish)"), max_length=300, blank=True)
    baseline_text = models.CharField(_("where it is now, in words"), max_length=300, blank=True)
    baseline_text_es = models.CharField(_("where it is now, in words (Spanish)"), max_length=300, blank=True)
    baseline_value = models.DecimalField(
        _("where it is now, as a number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    goal_text = models.CharField(_("how much: the goal, in words"), max_length=300, blank=True)
    goal_text_es = models.CharField(_("how much: the goal, in words (Spanish)"), max_length=300, blank=True)
    goal_value = models.DecimalField(_("the goal, as a number"), max_digits=12, decimal_places=2, null=True, blank=True)
    aim_by = models.DateField(_("by when"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.PLANNING)
    starts_on = models.DateField(_("started"))
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    aims = models.ManyToManyField("aims.Aim", blank=True, related_name="projects", verbose_name=_("aims it serves"))
    matrix_items = models.ManyToManyField(
        "aims.MatrixItem", blank=True, related_name="projects", verbose_name=_("matrix items it serves")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["public_id"])
    objects = ImprovementProjectQuerySet.as_manager()

    display_title = localized("title")
    display_title_is_english_fallback = localized_is_fallback("title")
    display_summary = localized("summary")
    display_aim_what = localized("aim_what")
    display_aim_for_whom = localized("aim_for_whom")
    display_baseline_text = localized("baseline_text")
    display_goal_text = localized("goal_text")

    class Meta:
        ordering = ["stage", "kind", "title"]
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="projects_project_title_not_blank"),
            models.CheckConstraint(condition=Q(kind__in=ProjectKind.values), name="projects_project_kind_valid"),
            models.CheckConstraint(condition=Q(stage__in=ProjectStage.values), name="projects_project_stage_valid"),
            # A cell's work belongs to a cell; a council initiative's project to the initiative.
            models.CheckConstraint(
                condition=~Q(kind=ProjectKind.CELL_WORK) | Q(cell__isnull=False), name="projects_cell_work_has_cell"
            ),
            models.CheckConstraint(
                condition=~Q(kind=ProjectKind.COUNCIL_INITIATIVE) | Q(initiative__isnull=False),
                name="projects_initiative_kind_has_initiative",
            ),
            # Closed means a closing date, and a closing date means closed.
            models.CheckConstraint(
                condition=Q(stage=ProjectStage.CLOSED, closed_on__isnull=False)
                | (~Q(stage=ProjectStage.CLOSED) & Q(closed_on__isnull=True)),
                name="projects_closed_with_date",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("starts_on")),
                name="projects_closed_after_start",
            ),
        ]
        # The council overview groups open projects by stage and kind.
        indexes = [models.Index(fields=["stage", "kind"], name="projects_overview")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.public_id])

    @property
    def is_pip(self) -> bool:
        return self.kind in PIP_KINDS

    @property
    def needs_consumer_voice(self) -> bool:
        return self.kind in CONSUMER_VOICE_KINDS

    @property
    def aim_is_set(self) -> bool:
        """The four parts of an aim statement are there: what, for whom, how much, by when."""
        has_goal = bool(self.goal_text.strip()) or self.goal_value is not None
        return bool(self.aim_what.strip() and self.aim_for_whom.strip() and has_goal and self.aim_by)

    def missing_aim_parts(self) -> list[str]:
        missing = []
        if not self.aim_what.strip():
            missing.append(str(_("what will improve")))
        if not self.aim_for_whom.strip():
            missing.append(str(_("for whom")))
        if not self.goal_text.strip() and self.goal_value is None:
            missing.append(str(_("how much")))
        if not self.aim_by:
            missing.append(str(_("by when")))
        return missing


class TeamRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    MEMBER = "member", _("Member")
    SPONSOR = "sponsor", _("Sponsor")


class ProjectMember(TimeStampedModel):
    """A person on the project's team. Whether they bring a consumer or family voice is read from their
    role group and their cell memberships, not typed again here."""

    project = models.ForeignKey(
        ImprovementProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="project_memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role in the team"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        ordering = ["project", "role", "user__last_name", "user__first_name", "user__username"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="projects_member_once_per_project"),
            models.CheckConstraint(condition=Q(role__in=TeamRole.values), name="projects_member_role_valid"),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class SpreadStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class SpreadSite(TimeStampedModel):
    """A place (a clinic, a program, a team) where an adopted change is spread next."""

    project = models.ForeignKey(
        ImprovementProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="spread_sites"
    )
    place = models.CharField(_("where"), max_length=200)
    place_es = models.CharField(_("where (Spanish)"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SpreadStatus.choices, default=SpreadStatus.PLANNED)
    on = models.DateField(_("date"), null=True, blank=True, help_text=_("When it starts, or when it was done."))
    note = models.TextField(_("note"), blank=True)
    note_es = models.TextField(_("note (Spanish)"), blank=True)

    display_place = localized("place")
    display_note = localized("note")

    class Meta:
        ordering = ["project", "on", "id"]
        verbose_name = _("spread site")
        verbose_name_plural = _("spread sites")
        constraints = [
            models.CheckConstraint(condition=~Q(place=""), name="projects_spread_place_not_blank"),
            models.CheckConstraint(condition=Q(status__in=SpreadStatus.values), name="projects_spread_status_valid"),
            models.UniqueConstraint(fields=["project", "place"], name="projects_spread_place_once"),
        ]

    def __str__(self):
        return self.place
