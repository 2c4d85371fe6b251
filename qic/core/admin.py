"""Pieces shared by the apps' ModelAdmins."""

from django.utils.translation import gettext


class LabelledListEditableMixin:
    """Names each box of a changelist's ``list_editable`` column for screen readers.

    Django draws those boxes in table cells under a column heading and gives them no label, so each box has no name
    (axe "label"). Each gets an ``aria-label`` saying what it is and for which row: "Order: EQ-CF-01".
    """

    def get_changelist_form(self, request, **kwargs):
        base = super().get_changelist_form(request, **kwargs)

        class LabelledChangelistForm(base):
            def __init__(self, *args, **form_kwargs):
                super().__init__(*args, **form_kwargs)
                for field in self.fields.values():
                    if field.widget.is_hidden:
                        continue
                    label = str(field.label or "")
                    field.widget.attrs["aria-label"] = (
                        gettext("%(field)s: %(row)s") % {"field": label, "row": self.instance}
                        if self.instance.pk
                        else label
                    )

        return LabelledChangelistForm
