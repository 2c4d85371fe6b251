from django import forms
from django.utils.translation import gettext_lazy as _

from aims.models import Aim, ItemKind, Level, MatrixItem


class LocalizedChoiceField(forms.ModelChoiceField):
    """Shows aims and levels by their name in the reader's language."""

    def label_from_instance(self, obj):
        if isinstance(obj, MatrixItem):
            text = obj.display_text
            return f"{obj.code} {text[:80]}{'…' if len(text) > 80 else ''}"
        return obj.display_name


class MatrixItemEditForm(forms.Form):
    text = forms.CharField(
        label=_("Text (English)"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
        max_length=1000,
    )
    text_es = forms.CharField(
        label=_("Text (Spanish)"),
        widget=forms.Textarea(attrs={"rows": 3, "lang": "es"}),
        max_length=1000,
        required=False,
        help_text=_("Leave blank to show the English text to Spanish readers."),
    )
    change_reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=100,
        help_text=_('Kept in the item\'s history, e.g. "Council meeting of 12 March: reworded".'),
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("The English text cannot be blank."))
        return text


class MatrixItemCreateForm(MatrixItemEditForm):
    aim = LocalizedChoiceField(label=_("Aim"), queryset=Aim.objects.all(), to_field_name="slug")
    level = LocalizedChoiceField(
        label=_("Level of the care system"), queryset=Level.objects.all(), to_field_name="slug"
    )
    parent = LocalizedChoiceField(
        label=_("Sub-item of"),
        queryset=MatrixItem.objects.top_level(),
        to_field_name="code",
        required=False,
        help_text=_("Leave blank for a new bullet in the cell."),
    )
    field_order = ["aim", "level", "parent", "text", "text_es", "change_reason"]

    def clean(self):
        cleaned = super().clean()
        parent, aim, level = cleaned.get("parent"), cleaned.get("aim"), cleaned.get("level")
        if parent and aim and level and (parent.aim_id, parent.level_id) != (aim.pk, level.pk):
            self.add_error("parent", _("Choose an item in the same aim and level, or none."))
        return cleaned


class MatrixGridFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Needs and strategies")), *list(ItemKind.choices)], required=False
    )
    level = LocalizedChoiceField(
        label=_("Level"),
        queryset=Level.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All levels"),
    )


class MatrixSearchForm(MatrixGridFilterForm):
    q = forms.CharField(label=_("Words to find"), max_length=200, required=False)
    aim = LocalizedChoiceField(
        label=_("Aim"), queryset=Aim.objects.all(), to_field_name="slug", required=False, empty_label=_("All aims")
    )
    field_order = ["q", "kind", "aim", "level"]
