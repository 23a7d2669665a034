"""What reports and public pages add to the shared registries: history, event verbs and the
menu."""

from pif.partnerships import history


def _track_history() -> None:
    from pif.reports import models as m

    track = history.track
    track(m.Report, partnership_lookup="partnership_id", kind="Report",
          label=lambda r: r.title)
    track(m.ReportCorrection, partnership_lookup="report__partnership_id",
          kind="Report correction", select_related=("report",),
          label=lambda r: f"Correction to {r.report.title}")
    track(m.ReportSchedule, partnership_lookup="partnership_id", kind="Report schedule",
          label=lambda r: r.title)
    track(m.PublicSettings, partnership_lookup="partnership_id",
          kind="Public page settings", label=lambda r: "Public page settings")
    track(m.ReportingSettings, partnership_lookup="partnership_id",
          kind="Reporting settings", label=lambda r: "Statutory reports the partnership makes")
    track(m.Suppression, partnership_lookup="partnership_id",
          kind="Small-number suppression", select_related=("indicator",),
          label=lambda r: f"Small numbers suppressed for {r.indicator.code}")
    track(m.Publication, partnership_lookup="partnership_id", kind="Publication",
          label=lambda r: "Public pages published")


def register_all() -> None:
    from pif.partnerships.context_processors import add_section
    from pif.partnerships.events import register_verb

    _track_history()
    # Stage 5's reporting half, after its data pages.
    add_section("reports", "Reports", after="my_data")
    add_section("publishing", "Publishing", after="reports")
    for verb, label in VERBS:
        register_verb(verb, label)
    from pif.partnerships import demo
    from pif.reports import demo as reports_demo

    demo.register(reports_demo.load)  # public flags, settings, reports, a schedule, published


VERBS = (
    ("report_built", "Report built"),
    ("report_signed_off", "Report signed off"),
    ("report_published", "Report published"),
    ("report_corrected", "Published report corrected"),
    ("report_emailed", "Report emailed"),
    ("report_schedule_changed", "Report schedule changed"),
    ("report_schedule_failed", "Report schedule stopped by a problem"),
    ("public_pages_published", "Public pages published"),
    ("public_settings_changed", "Public page settings changed"),
    ("report_settings_changed", "Statutory reports changed"),
)
