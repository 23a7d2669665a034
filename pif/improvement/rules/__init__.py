"""Stage 3's business rules, one module per area. See docs/adr/0008-business-rules.md.

| module | what it holds |
|---|---|
| `pif.improvement.rules.actions` | action plans: dates, progress, status, closing, who changes |
| `pif.improvement.rules.projects` | improvement projects and PDSA cycles |

Each module's docstring lists its `check_...` functions; all are importable from here.
"""

from pif.improvement.rules.actions import (  # noqa: F401
    check_action_dates,
    check_cancellation,
    check_completion,
    check_may_change,
    check_open,
    check_owner_is_member,
    check_percent,
    check_published_by_editor,
    check_reopened_by_editor,
    check_sign_off,
    check_signed_off_by_editor,
    check_thresholds,
    check_update_date,
    check_update_status,
)

from . import projects  # noqa: F401 (its names stay under rules.projects)
