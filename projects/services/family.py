"""Writes for a project's family of measures and its local measures' definitions. (Typing in or pasting
a local measure's data points is the data-entry page's work.)"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from projects.models import ImprovementProject, LocalMeasure, MeasureRole, ProjectMeasure

LOCAL_MEASURE_FIELDS = (
    "name",
    "name_es",
    "definition",
    "definition_es",
    "kind",
    "numerator_label",
    "numerator_label_es",
    "denominator_label",
    "denominator_label_es",
    "direction",
    "period",
)


def _check_role(role: str) -> None:
    if role not in MeasureRole.values:
        raise ValidationError({"role": _("Choose outcome, process or balancing.")})


@transaction.atomic
def family_add_registry_measure(*, project: ImprovementProject, measure, role: str) -> ProjectMeasure:
    """Add a measure of the registry to the project's family, in a role."""
    _check_role(role)
    try:
        with transaction.atomic():
            return ProjectMeasure.objects.create(project=project, measure=measure, role=role)
    except IntegrityError as error:
        raise ValidationError({"measure": _("This measure is already in the project's family.")}) from error


def _check_local(measure: LocalMeasure) -> None:
    if measure.is_proportion and not measure.denominator_label.strip():
        raise ValidationError({"denominator_label": _("Say what the denominator counts.")})
    if measure.pk and measure.data_points.exists():
        before = LocalMeasure.objects.get(pk=measure.pk)
        if (before.kind, before.period) != (measure.kind, measure.period):
            raise ValidationError(
                _("This measure has data: its kind and its period can no longer change. Define a new measure instead."),
                code="has_data",
            )
    same_name = LocalMeasure.objects.filter(project_id=measure.project_id, name=measure.name.strip())
    if same_name.exclude(pk=measure.pk).exists():
        raise ValidationError({"name": _("The project already has a measure with this name.")})
    measure.full_clean()


@transaction.atomic
def local_measure_create(*, project: ImprovementProject, role: str, **fields) -> LocalMeasure:
    """Define a local measure (``fields``: :data:`LOCAL_MEASURE_FIELDS`) and add it to the family."""
    _check_role(role)
    if fields.get("kind") != "proportion":
        fields["denominator_label"] = fields["denominator_label_es"] = ""
    measure = LocalMeasure(project=project, **fields)
    _check_local(measure)
    measure.save()
    ProjectMeasure.objects.create(project=project, local_measure=measure, role=role)
    return measure


@transaction.atomic
def local_measure_update(*, measure: LocalMeasure, role: str | None = None, **fields) -> LocalMeasure:
    measure = LocalMeasure.objects.select_for_update().get(pk=measure.pk)
    for name, value in fields.items():
        if name not in LOCAL_MEASURE_FIELDS:
            raise TypeError(f"local_measure_update() got an unexpected field {name!r}")
        setattr(measure, name, value)
    if not measure.is_proportion:
        measure.denominator_label = measure.denominator_label_es = ""
    _check_local(measure)
    measure.save()
    if role is not None:
        _check_role(role)
        ProjectMeasure.objects.filter(local_measure=measure).update(role=role)
    return measure


@transaction.atomic
def family_remove(*, entry: ProjectMeasure) -> None:
    """Take a measure out of the family. A local measure with data points stays: its data is the
    project's record."""
    if entry.local_measure_id is not None:
        if entry.local_measure.data_points.exists():
            raise ValidationError(
                _("This local measure has data points: it stays in the family as the project's record."),
                code="has_data",
            )
        entry.local_measure.delete()  # cascades to the family entry
        return
    entry.delete()
