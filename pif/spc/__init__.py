"""PIF's statistical process control (SPC) engine: has a measure changed, will it meet its target?

Pure Python and numpy (no Django). It gives the same numbers and signals as the
two references NHS analysts trust: NHSRplotthedots 0.2.2 ("Making Data Count"
XmR charts) and qicharts2 0.8.1 (run charts with Anhøj rules and control
charts). Where they differ, the choices are recorded in
``docs/adr/0002-spc-engine-choices.md``; how the many-series functions are made fast, in
``docs/adr/0023-spc-at-national-scale.md``.

============================  =================================================================
Function                      What it does
============================  =================================================================
``xmr(values, ...)``          MDC XmR chart of one series: mean, process and near limits,
                              the four rules (outside limits, trend, two in three, shift),
                              improvement/concern per point, variation and assurance icons,
                              per-group summaries with trial limits (:mod:`pif.spc.xmr`)
``xmr_many(series, ...)``     the same for many series at once, vectorised with numpy;
                              ``xmr_many(s)[i] == xmr(s[i])``
``qic(y, chart=..., ...)``    qicharts2 run, I, MR, Xbar, S, T, P, P′, C, U, U′ and G charts
                              with freeze, part, exclude, multiply, and Anhøj runs analysis
                              per part (:mod:`pif.spc.qic`)
``qic_many(ys, ns, ...)``     P and U charts of many series at once, vectorised with numpy
                              (part, freeze, multiply); ``qic_many(ys, ns, chart=c)[i] ==
                              qic(ys[i], n=ns[i], chart=c)`` (:mod:`pif.spc.qic_many`)
``anhoej_limits(n_useful)``   ``(longest_run_max, n_crossings_min)`` for the Anhøj rules
                              (:mod:`pif.spc.runs`)
``icons(result, ...)``        the variation and assurance icons of any chart, XmR or qic: the
                              one decision the stored status and the chart pages share;
                              ``qic_point_types`` and ``runs_rule`` say what a qic chart's
                              points and parts show (:mod:`pif.spc.signals`, ADR 0010)
``rag(value, target, ...)``   red/amber/green against a target with a relative or absolute
                              tolerance, respecting the direction of improvement
``trajectory_target(...)``    the target in force for a period from a trajectory of milestones
``linear_trajectory(...)``    equal-step milestones from a baseline to an end target
``direction_of_travel(...)``  improving / worsening / no change against the previous period
                              or a baseline, with a threshold
``npf_status(values, ...)``   Scotland NPF-style improving / maintaining / worsening /
                              to be confirmed (:mod:`pif.spc.status`)
``SPCError``                  the one exception (a ``ValueError``) for invalid options; its
                              message names the option and the value
============================  =================================================================

Result types: :class:`XmrResult` (with :class:`XmrGroup`), :class:`QicResult`
(with :class:`RunsAnalysis` per part). Results are frozen; per-point fields are
read-only numpy arrays. Missing values (``None`` or NaN) are never an error.
"""

from .errors import SPCError
from .qic import CHARTS, QicResult, qic
from .qic_many import QIC_MANY_CHARTS, qic_many
from .runs import RunsAnalysis, anhoej_limits
from .signals import Icons, icons, qic_point_types, runs_rule
from .status import direction_of_travel, linear_trajectory, npf_status, rag, trajectory_target
from .xmr import XmrGroup, XmrResult, xmr, xmr_many

__all__ = [
    "xmr",
    "xmr_many",
    "qic",
    "qic_many",
    "anhoej_limits",
    "icons",
    "qic_point_types",
    "runs_rule",
    "Icons",
    "rag",
    "trajectory_target",
    "linear_trajectory",
    "direction_of_travel",
    "npf_status",
    "SPCError",
    "XmrResult",
    "XmrGroup",
    "QicResult",
    "RunsAnalysis",
    "CHARTS",
    "QIC_MANY_CHARTS",
]
