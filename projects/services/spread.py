"""Writes for where a project's adopted change is spread next."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from projects.models import ImprovementProject, SpreadSite

SPREAD_FIELDS = ("place", "place_es", "status", "on", "note", "note_es")


@transaction.atomic
def spread_site_save(*, project: ImprovementProject, site: SpreadSite | None = None, **fields) -> SpreadSite:
    """Record a place the change is spread to, or update one (``fields``: :data:`SPREAD_FIELDS`)."""
    site = site or SpreadSite(project=project)
    if site.project_id != project.pk:
        raise ValidationError(_("This place belongs to another project."))
    for name, value in fields.items():
        if name not in SPREAD_FIELDS:
            raise TypeError(f"spread_site_save() got an unexpected field {name!r}")
        setattr(site, name, value)
    site.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            site.save()
    except IntegrityError as error:
        raise ValidationError({"place": _("This place is already on the project's spread list.")}) from error
    return site


@transaction.atomic
def spread_site_delete(*, site: SpreadSite) -> None:
    site.delete()
