"""GOV.UK Design System styling for Django forms.

`GovukForm` puts the right classes on each widget so the shared field template
(`templates/includes/field.html`) renders labels, hints and error messages in the
GOV.UK pattern, and the error summary can link to each field.
"""

from django import forms

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


def _specific_required_message(field) -> None:
    """GOV.UK error messages say what to do ("Enter a name"), not "This field is required"."""
    if field.error_messages.get("required") != forms.Field.default_error_messages["required"]:
        return
    label = str(field.label or "a value").lower()
    choosing = isinstance(field.widget, (forms.Select, forms.RadioSelect, forms.CheckboxInput))
    field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} {_article(label)}"


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


class GovukStyle:
    """Mixin for any Django form: GOV.UK classes on widgets, error classes after validation."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.add_fields()
        for name, field in self.fields.items():
            _specific_required_message(field)
            _refuse_control_characters(field)
            base = _base_class(field.widget)
            extra = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{base} {extra}".strip()
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def add_fields(self) -> None:
        """Add fields that depend on the request (choices from a partnership, say)."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            base = _base_class(widget)
            if base in ERROR_CLASSES:
                widget.attrs["class"] += f" {ERROR_CLASSES[base]}"
            described = [f"id_{name}-error"]
            if self.fields[name].help_text:
                described.insert(0, f"id_{name}-hint")
            widget.attrs["aria-describedby"] = " ".join(described)


class GovukForm(GovukStyle, forms.Form):
    pass


class GovukModelForm(GovukStyle, forms.ModelForm):
    pass


def apply_validation_error(form: forms.Form, error) -> None:
    """Put a ValidationError from a service function on the form, per field where it names one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
