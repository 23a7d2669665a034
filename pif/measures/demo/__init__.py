"""Demo indicators for the Loch Arden partnership: `load_measures_demo(partnership, users)`.

Loch Arden is an invented area. The demo has two kinds of indicator, and says which is which
in every indicator's `data_source` and `quality_note`:

* Real published data (Open Government Licence v3.0), read from the small extracts in
  `pif/measures/demo_data/` (see SOURCES.md there): Public Health Scotland A&E activity and
  delayed discharges for NHS Fife, Local Government Benchmarking Framework figures for all 32
  Scottish councils (the headline series is Fife's figure, standing in for Loch Arden's
  council; Scotland and each council are breakdowns),
  and one NHS England trust's A&E series. These describe the real areas named, not Loch Arden.
* Illustrative series invented for the demo, generated deterministically from
  `random.Random(2026)` with noise, seasonality, shifts and trends so that the SPC charts
  show both common and special cause variation.

Illustrative series end at the latest period a partnership would have by `today` (default:
the real date), so the demo looks current whenever it is loaded; the figures themselves come
from the fixed seed. The step never reads anything outside this package.

The package's modules: common (sources, licences, tags), periods, commentary, spec_types,
specs (the illustrative indicators), generate (illustrative series), open_data (the real
files) and builder; this module is the entry point.
"""

import random
from datetime import date

from django.db import transaction

from pif.measures import status
from pif.measures.demo.builder import _Builder
from pif.measures.demo.common import (
    CUSTOMER,
    DATA_DIR,
    FINANCIAL,
    ILLUSTRATIVE_NOTE,
    ILLUSTRATIVE_SOURCE,
    LDP,
    LEARNING,
    LGBF,
    NOT_LOCH_ARDEN,
    OGL,
    PROCESSES,
    REAL,
    REAL_DATA,
    SEED,
    TAGS,
    Chart,
    Frequency,
    Improvement,
    MeasureKind,
    RbaKind,
    Unit,
)
from pif.measures.demo.generate import Generated, _generate
from pif.measures.demo.periods import _periods_ending, latest_period
from pif.measures.demo.spec_types import Gen, Spec, TargetSpec
from pif.measures.demo.specs import _illustrative_specs
from pif.measures.models import Indicator

__all__ = [
    "CUSTOMER", "DATA_DIR", "FINANCIAL", "ILLUSTRATIVE_NOTE", "ILLUSTRATIVE_SOURCE", "LDP",
    "LEARNING", "LGBF", "NOT_LOCH_ARDEN", "OGL", "PROCESSES", "REAL", "REAL_DATA", "SEED",
    "TAGS", "Chart", "Frequency", "Gen", "Generated", "Improvement", "MeasureKind", "RbaKind",
    "Spec", "TargetSpec", "Unit", "_generate", "_illustrative_specs", "_periods_ending",
    "latest_period", "load_measures_demo",
]


@transaction.atomic
def load_measures_demo(partnership, users, today: date | None = None) -> list[Indicator]:
    """The measures demo step: indicators, data, targets, commentary and annotations.

    `users` maps demo roles to users, as `pif.partnerships.demo` passes them. `today` fixes
    the date the illustrative series end at (default: today), so tests are repeatable.
    """
    builder = _Builder(partnership, users, today or date.today())
    builder.phs_ae()
    builder.phs_delayed_discharge()
    builder.lgbf()
    builder.nhs_england()
    rng = random.Random(SEED)
    for spec in _illustrative_specs():
        builder.illustrative(spec, rng)
    builder.write()
    status.refresh(builder.indicators)  # every indicator gets a status row
    builder.write_commentary()
    return builder.indicators
