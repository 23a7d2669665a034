"""The rules about reports, public pages and schedules, one module per area, for every path
(pages, command line, worker). See docs/adr/0008-business-rules.md.

| module | what it holds |
|---|---|
| `pif.reports.rules.reports` | reports: kinds, dates, audience, sign-off, corrections, settings |
| `pif.reports.rules.publishing` | the public pages: who publishes, what to publish, thresholds |
| `pif.reports.rules.schedules` | scheduled reports: recipients, dates, kinds |

Each module's docstring lists its `check_...` functions.
"""
