"""Constants used across the measures demo: data directory, seed, labels and tags."""

from pathlib import Path

from pif.measures.models import Indicator

# The data files stay in pif/measures/demo_data/, next to this package's directory.
DATA_DIR = Path(__file__).resolve().parent.parent / "demo_data"
SEED = 2026

ILLUSTRATIVE_SOURCE = "Illustrative figures invented for the demo."
ILLUSTRATIVE_NOTE = ("Illustrative figures invented for the Loch Arden demo: they describe no "
                     "real place or service.")
REAL_DATA = "Real published data, shown here to demonstrate PIF."
NOT_LOCH_ARDEN = ("This is real data for the area named, not for Loch Arden, which is an "
                  "invented area.")
OGL = "Contains public sector information licensed under the Open Government Licence v3.0."

Unit, Improvement, Frequency = Indicator.Unit, Indicator.Improvement, Indicator.Frequency
MeasureKind, RbaKind, Chart = Indicator.MeasureKind, Indicator.RbaKind, Indicator.ChartType

# Tags: (name, group). Scorecard groups by the "Perspective" tags.
CUSTOMER, PROCESSES, LEARNING, FINANCIAL = ("Customer", "Internal processes",
                                            "Learning and growth", "Financial")
LDP = "LDP standard"
LGBF = "LGBF"
REAL = "Real open data"
TAGS = [
    (CUSTOMER, "Perspective"), (PROCESSES, "Perspective"), (LEARNING, "Perspective"),
    (FINANCIAL, "Perspective"),
    (LDP, "National standard"),
    ("NPF: Mental wellbeing", "National indicator"),
    ("NPF: Quality of public services", "National indicator"),
    ("NPF: Assets in community ownership", "National indicator"),
    (LGBF, "Benchmarking"),
    (REAL, "Demo data"),
]
