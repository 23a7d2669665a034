"""How an illustrative demo indicator is specified: `Spec`, `Gen` and `TargetSpec`."""

from dataclasses import dataclass

from pif.measures.demo.common import Chart, MeasureKind
from pif.measures.models import Target

# --- the specification of illustrative indicators -------------------------------------------

@dataclass(frozen=True)
class Gen:
    """How an illustrative series is generated, one value per period."""

    base: float
    noise: float = 0.0
    trend: float = 0.0                 # change per period
    shift_at: float | None = None      # fraction of the series where a sustained shift starts
    shift: float = 0.0
    season: float = 0.0                # amplitude; positive peaks in January, negative in July
    low: float | None = 0.0
    high: float | None = None
    poisson: bool = False              # counts drawn from a Poisson distribution
    denominator: int | None = None     # P charts: typical denominator per period


@dataclass(frozen=True)
class TargetSpec:
    value: float | None = None
    tolerance: float = 0.0
    kind: str = Target.ToleranceKind.RELATIVE
    source: str = ""
    level: str = Target.Level.STANDARD
    # A trajectory: (periods back from the latest, value) milestones; negative = future.
    trajectory: tuple[tuple[int, float], ...] = ()
    from_back: int | None = None       # valid from this many periods before the latest
    to_back: int | None = None         # valid to this many periods before the latest


@dataclass(frozen=True)
class Spec:
    code: str
    title: str
    definition: str
    owner: str
    frequency: str
    unit: str
    improvement: str
    gen: Gen
    periods: int
    decimals: int = 0
    rate_per: int | None = None
    measure_kind: str = MeasureKind.OUTCOME
    rba_kind: str = ""
    chart_type: str = Chart.XMR
    tags: tuple[str, ...] = ()
    targets: tuple[TargetSpec, ...] = ()
    published: bool = False
    due_days: int = 30
    lead: str = ""                     # a demo role
    baseline_back: int | None = None   # baseline period, periods before the latest
    overdue: bool = False
    unapproved: int = 0                # latest values entered by the contributor, unapproved
    missing: tuple[tuple[int, str, str, str], ...] = ()  # (periods back, code, status, note)
    estimated: tuple[tuple[int, str], ...] = ()          # (periods back, note)
    annotations: tuple[tuple[str, str, bool], ...] = ()  # ("shift" or periods back, text, rebase)
    why: str = ""
    actions: str = ""
