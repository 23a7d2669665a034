"""The one shape every report is built into, whatever its kind, and drawn from in every format
(HTML, PDF, XLSX). A document is plain JSON so it is kept frozen on its ``Report`` and reads
the same later. Builders (``pif.reports.kinds``) make it; renderers
(``pif.reports.render``) draw it; nothing else reads a report's records.

Shape (every value JSON; dates ISO, with a ``_label`` written for people beside it)::

    {
      "format": FORMAT,
      "kind": "board", "kind_label": "Board report",
      "title": "...", "partnership": {"name": "...", "short_name": "..."},
      "as_of": "2026-11-30", "as_of_label": "30 November 2026",
      "built_at": "2026-12-01T09:00:00+00:00",
      "statutory_basis": "" | "Community Empowerment (Scotland) Act 2015, section 8",
      "due": "" | "2027-09-30", "due_label": "" | "30 September 2027",
      "due_note": "" | "...",            # where the due date comes from (statute, guidance)
      "reporting_year": "" | "2026/27",
      "options": {...},                  # the checked options it was built from
      "summary": [{"label": "Indicators", "value": "50"}, ...],   # key figures, first page
      "sections": [Section, ...],
    }

A ``Section`` is ``{"key", "heading", "intro", "type", ...}`` where ``type`` is one of:

- ``"indicators"``: ``{"indicators": [IndicatorBlock]}``, one block per indicator (in an
  exception report each block also has ``"also"``: its other reasons, as labels);
- ``"scorecard"``: ``{"rows": [IndicatorRow]}``, one table row per indicator;
- ``"actions"``: ``{"actions": [ActionRow]}``;
- ``"narrative"``: ``{"guidance": "...", "text": "...", "required": bool}``: words PIF cannot
  write from its own records (community participation, finance), typed on the report's
  page; ``text`` is empty until someone writes it, and the report says so;
- ``"table"``: ``{"caption": "...", "headers": [...], "rows": [[...], ...]}``;
- ``"items"``: a stat meeting memo's items, ``{"items": [MemoItem]}``.

``IndicatorRow`` is ``{"id", "code", "title", "outcome", "latest_period", "value", "target",
"variation_label", "assurance_label", "rag", "rag_label", "direction_label", "status"}``
(values formatted in the indicator's unit; ``status`` a plain-English sentence);
``IndicatorBlock`` is an ``IndicatorRow`` with ``"definition"``, ``"unit_label"``,
``"commentary"`` (``{"period", "what_it_shows", "why", "actions"}`` or None), ``"chart"``
(``{"spec": <Vega-Lite>, "alt": "..."}`` or None), ``"data"`` (``{"headers", "rows"}``) and
``"actions"`` (``[ActionRow]``). ``ActionRow`` is ``{"reference", "title", "owner",
"status_label", "percent_complete", "due_date", "due_date_label"}``. ``MemoItem`` is
``{"section_label", "title", "reason_label", "questions": [...], "indicator": IndicatorBlock |
None, "carry_overs", "owner", "due_date_label"}`` (a follow-up memo's items also have
``"status_label"``; ``reason_label`` is an exception's reason, or "").

An indicator's figures and status are those of the report's day (pif/reports/as_of.py);
``status`` is worded by ``pif.reports.kinds.words.status_sentence``. A section with
nothing in it may say so in its ``intro`` alone ("None at this meeting."). Section keys are
unique within a document; a narrative section's key is its key in ``Report.narrative``.
"""

FORMAT = 1

SECTION_TYPES = ("indicators", "scorecard", "actions", "narrative", "table", "items")
