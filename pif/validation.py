"""Validation shared by every model and form: single-line names and codes.

One rule, applied on every path: `validate_single_line` is added to each single-line
text field of every `GovukStyle` form (pif/forms.py), and `refuse_control_characters`
checks every text field of PIF's own models as they are saved, so services, the command
line and imports cannot store a name with a line break or other control character (a
line break in a partnership name once stopped every reminder email from being sent).
The guard is connected once, in pif/accounts/apps.py; multi-line text is a TextField.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from pif.lib.text import control_characters, describe_character

PIF_APPS = {"accounts", "partnerships", "measures", "outcomes"}
# Single-line text fields that are not names: a file name as the browser sent it.
NOT_NAMES = {("measures", "upload", "filename")}
SINGLE_LINE_RULE = "must be on one line, without line breaks, tabs or other control characters"


def describe_control_characters(value) -> str:
    """Plain words for the control characters in `value`, or "" if there are none."""
    if not isinstance(value, str):
        return ""
    return ", ".join(describe_character(c) for c in control_characters(value))


def validate_single_line(value) -> None:
    """Django validator for a name or code typed into a single-line field."""
    found = describe_control_characters(value)
    if found:
        raise ValidationError(f"This {SINGLE_LINE_RULE} (it contains {found})",
                              code="single_line")


def refuse_control_characters(sender, instance, raw=False, update_fields=None,
                              **kwargs) -> None:
    """pre_save guard: refuse a model whose single-line text holds a control character."""
    if raw or not _is_checked(sender):
        return
    errors = {}
    for field in sender._meta.concrete_fields:
        if not isinstance(field, models.CharField):
            continue
        # A save of some fields (approving a value, say) checks only those.
        if update_fields is not None and field.name not in update_fields:
            continue
        if (sender._meta.app_label, sender._meta.model_name, field.name) in NOT_NAMES:
            continue
        found = describe_control_characters(getattr(instance, field.attname))
        if found:
            label = str(field.verbose_name)
            errors[field.name] = (f"{label[:1].upper()}{label[1:]} {SINGLE_LINE_RULE} "
                                  f"(it contains {found})")
    if errors:
        raise ValidationError(errors)


def _is_checked(model) -> bool:
    # Historical copies (django-simple-history) only repeat what the tracked model saved.
    return (model._meta.app_label in PIF_APPS
            and not hasattr(model, "instance_type"))
