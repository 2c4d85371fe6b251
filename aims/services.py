"""Writes to the framework. Every change to an item is recorded by django-simple-history with the
person who made it (HistoryRequestMiddleware, or ``changed_by``) and a reason."""

from pathlib import Path
from string import ascii_lowercase

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from aims.models import Aim, Level, MatrixItem

FRAMEWORK_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "framework.json"


def framework_fixture_load(*, force: bool = False) -> bool:
    """Load ``fixtures/framework.json`` unless the framework is already there.

    The fixture uses natural keys, so ``force=True`` updates rows in place rather than duplicating
    them, but it also overwrites edits QI staff made on the site; hence the guard.
    Returns whether the fixture was loaded.
    """
    if not force and Aim.objects.exists():
        return False
    call_command("loaddata", str(FRAMEWORK_FIXTURE), verbosity=0)
    return True


def _item_code_is_taken(code: str) -> bool:
    # Codes of deleted items are never reused, so an old reference cannot silently change meaning.
    return MatrixItem.objects.filter(code=code).exists() or MatrixItem.history.filter(code=code).exists()


def _next_item_code(*, aim: Aim, level: Level, parent: MatrixItem | None, order: int) -> str:
    if parent is None:
        number = order
        while _item_code_is_taken(code := f"{aim.code}-{level.code}-{number:02d}"):
            number += 1
        return code
    for letter in ascii_lowercase:
        if not _item_code_is_taken(code := f"{parent.code}-{letter}"):
            return code
    raise ValidationError(_("This item already has the largest number of sub-items allowed."))


def _save_with_history(item: MatrixItem, *, changed_by, change_reason: str) -> None:
    """Save so the history record names the person and the reason (outside a request too)."""
    item._change_reason = change_reason
    if changed_by is not None:
        item._history_user = changed_by
    item.save()


@transaction.atomic
def matrix_item_create(
    *,
    aim: Aim,
    level: Level,
    text: str,
    text_es: str = "",
    parent: MatrixItem | None = None,
    change_reason: str,
    changed_by=None,
) -> MatrixItem:
    """Add an item at the end of its cell (or of its parent's sub-items).

    The kind follows the level: needs for clients and family members, strategies elsewhere.
    Sub-items must sit in their parent's aim and level, and only one level deep.
    """
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError(_("Sub-items cannot have sub-items of their own."))
        if (parent.aim_id, parent.level_id) != (aim.pk, level.pk):
            raise ValidationError(_("A sub-item must be in the same aim and level as its parent."))
    # Lock the aim row so two people adding to the same cell at once get different positions.
    Aim.objects.select_for_update().get(pk=aim.pk)
    siblings = (
        MatrixItem.objects.filter(parent=parent)
        if parent is not None
        else MatrixItem.objects.filter(aim=aim, level=level, parent__isnull=True)
    )
    order = (siblings.aggregate(last=Max("order"))["last"] or 0) + 1
    item = MatrixItem(
        aim=aim,
        level=level,
        parent=parent,
        order=order,
        kind=level.item_kind,
        text=text.strip(),
        text_es=text_es.strip(),
        code=_next_item_code(aim=aim, level=level, parent=parent, order=order),
    )
    item.full_clean()
    _save_with_history(item, changed_by=changed_by, change_reason=change_reason)
    return item


@transaction.atomic
def matrix_item_update(
    *,
    item: MatrixItem,
    text: str,
    text_es: str,
    change_reason: str,
    changed_by=None,
) -> MatrixItem:
    """Change an item's wording. Its code, place and kind stay fixed so references stay valid."""
    item.text = text.strip()
    item.text_es = text_es.strip()
    item.full_clean()
    _save_with_history(item, changed_by=changed_by, change_reason=change_reason)
    return item
