"""GOV.UK Design System styling for Django forms.

`GovukForm` puts the right classes on each widget, and its fields are `GovukBoundField`s,
which tell the one field renderer (`templates/includes/field.html`) which GOV.UK component
to draw (`kind`) and which hint, error and character-count message describe the control
(`aria_describedby`). The error summary links to each field. See docs/adr/0009.
"""

from django import forms
from django.forms.boundfield import BoundField
from django.utils.text import capfirst

from pif.validation import validate_single_line

WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}
# Which GOV.UK component draws a widget: the first match wins, so subclasses come first
# (CheckboxSelectMultiple is a RadioSelect, ClearableFileInput a FileInput).
KINDS = [
    (forms.HiddenInput, "hidden"),
    (forms.CheckboxSelectMultiple, "checkboxes"),
    (forms.RadioSelect, "radios"),
    (forms.CheckboxInput, "checkbox"),
    (forms.Textarea, "textarea"),
    (forms.Select, "select"),
    (forms.FileInput, "file"),
]


def _specific_required_message(field) -> None:
    """GOV.UK error messages say what to do ("Enter a name"), not "This field is required"."""
    if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
        return
    label = str(field.label or "a value").lower()
    choosing = isinstance(field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxInput))
    field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} {_article(label)}"


#: Django's message for a number or date that is not one, and GOV.UK's, which names the field
#: ("Numerator must be a number"). Subclasses come first: a FloatField is an IntegerField.
NOT_VALID = [
    (forms.FloatField, "Enter a number.", "{label} must be a number"),
    (forms.DecimalField, "Enter a number.", "{label} must be a number"),
    (forms.IntegerField, "Enter a whole number.", "{label} must be a whole number"),
    (forms.DateField, "Enter a valid date.", "{label} must be a real date"),
]


def _specific_invalid_message(field) -> None:
    """A number or date that is not one names its field, unless the form says otherwise."""
    for field_type, django_message, message in NOT_VALID:
        if isinstance(field, field_type):
            if field.error_messages.get("invalid") == django_message:
                field.error_messages["invalid"] = message.format(
                    label=capfirst(str(field.label or "this")))
            return


def _article(label: str) -> str:
    if label.startswith(("your ", "the ", "what ", "why", "how ", "who ")):
        return label
    return f"{'an' if label[:1] in 'aeiou' else 'a'} {label}"


def _base_class(widget) -> str:
    for widget_type, css in WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css
    return "govuk-input"


def _refuse_control_characters(field) -> None:
    """A single-line text field takes no line breaks, tabs or other control characters."""
    multi_line = isinstance(field.widget, (forms.Textarea, forms.PasswordInput))
    if isinstance(field, forms.CharField) and not multi_line:
        field.validators.append(validate_single_line)


def _counts_characters(field) -> bool:
    return isinstance(field.widget, forms.Textarea) and bool(getattr(field, "max_length", None))


def _native_date(widget) -> None:
    """Dates are the browser's own date input (ADR 9), a short one as GOV.UK sizes a date."""
    if isinstance(widget, forms.DateInput):
        widget.input_type = "date"
        widget.format = "%Y-%m-%d"  # the only format a date input shows
        if "govuk-input--width" not in widget.attrs.get("class", ""):
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} govuk-input--width-10"


class GovukBoundField(BoundField):
    """A field as the GOV.UK templates draw it."""

    @property
    def kind(self) -> str:
        """The GOV.UK component: input, textarea, select, checkbox, checkboxes, radios,
        file or hidden. A date is an input of type date."""
        for widget_type, kind in KINDS:
            if isinstance(self.field.widget, widget_type):
                return kind
        return "input"

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def info_id(self) -> str:
        """The character count's message."""
        return f"{self.auto_id}-info"

    @property
    def max_length(self) -> int | None:
        """The length the character count counts down from, if this field has one."""
        return self.field.max_length if _counts_characters(self.field) else None

    @property
    def aria_describedby(self) -> str:
        """The hint, the error message and the character count's message, in GOV.UK's
        order. Django puts it on the control, or on the fieldset of radios and checkboxes."""
        if not self.auto_id or self.is_hidden:
            return ""
        ids = [self.hint_id] if self.help_text else []
        ids += [self.error_id] if self.errors else []
        ids += [self.info_id] if self.max_length else []
        return " ".join(ids)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        base = _base_class(widget)
        if self.errors and base in ERROR_CLASSES:
            attrs["class"] = f"{widget.attrs.get('class', '')} {ERROR_CLASSES[base]}".strip()
        if self.max_length:
            # The count says how many are left; a browser's maxlength would cut a paste short
            # without a word.
            attrs["maxlength"] = False
        return attrs


class GovukStyle:
    """Mixin for any Django form: GOV.UK classes on widgets, and GOV.UK bound fields."""

    bound_field_class = GovukBoundField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.add_fields()
        for field in self.fields.values():
            _specific_required_message(field)
            _specific_invalid_message(field)
            _refuse_control_characters(field)
            base = _base_class(field.widget)
            extra = field.widget.attrs.get("class", "")
            if _counts_characters(field):
                extra = f"{extra} govuk-js-character-count"
            field.widget.attrs["class"] = f"{base} {extra}".strip()
            _native_date(field.widget)

    def add_fields(self) -> None:
        """Add fields that depend on the request (choices from a partnership, say)."""


class GovukForm(GovukStyle, forms.Form):
    pass


class GovukModelForm(GovukStyle, forms.ModelForm):
    pass


class FilterForm(GovukForm):
    """A GET form that filters or sorts a page (`?status=red&sort=title`), drawn by the one
    field renderer with `group_class="pif-inline-group"` inside a `pif-filter-form`.

    It is never bound, so it shows no errors: `values` holds, and each field shows, the
    address's value where the field accepts it, else the field's `initial` (the default). A
    missing, unknown or altered value in a link reads as the default. Every field is
    required, so that an empty choice ("Any status") also reads as the default and no label
    says "(optional)"; browsers are not told, as every choice is allowed.
    """

    use_required_attribute = False

    def __init__(self, query=None, **kwargs):
        kwargs.setdefault("auto_id", "filter-%s")
        super().__init__(**kwargs)
        self.values = {name: self._value(name, field, query or {})
                       for name, field in self.fields.items()}
        self.initial = {**self.initial, **self.values}

    def _value(self, name: str, field, query):
        try:
            return field.clean(field.widget.value_from_datadict(query, {}, self.add_prefix(name)))
        except forms.ValidationError:
            return self.get_initial_for_field(field, name)


def apply_validation_error(form: forms.Form, error) -> None:
    """Put a ValidationError from a service function on the form, per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
