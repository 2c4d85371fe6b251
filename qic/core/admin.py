"""Pieces shared by the apps' ModelAdmins."""


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
                    # "Label: row" reads the same in English and Spanish, so it needs no string of its own.
                    field.widget.attrs["aria-label"] = f"{label}: {self.instance}" if self.instance.pk else label

        return LabelledChangelistForm
