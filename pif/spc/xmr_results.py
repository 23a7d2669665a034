"""Result types of the XmR engine: :class:`XmrResult` and :class:`XmrGroup`.

:func:`pif.spc.xmr_many` computes every series in one set of 2-D arrays (a
*batch*). Each :class:`XmrResult` keeps a reference to its batch and its row, and
slices its per-point fields on access, so building ten thousand results costs a
few attributes each, not a dozen array views and group records: the vectorised
path creates no per-point Python objects. ``signal`` and ``point_type`` are kept
as small integer codes in the batch and turned into labels for one row at a time.
Results are frozen, compare field by field (NaN equal to NaN) and pickle as
self-contained one-row batches.
"""

from dataclasses import dataclass

import numpy as np

from ._equality import NanAwareEquality, same_value
from .vocabulary import PointSignal, PointType

__all__ = ["XmrResult", "XmrGroup", "IMPROVEMENT_DIRECTIONS"]

IMPROVEMENT_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}

# Code tables: the hot path works with small integers and turns them into labels
# with one fancy-index into these object arrays (shared str objects, no new ones).
# The codes are positions in these tables: 0 is no signal, then PointSignal in order; and
# PointType in order.
_SIGNALS = np.array([None, *PointSignal], dtype=object)
_POINT_TYPES = np.array(list(PointType), dtype=object)
_COMMON, _IMPROVEMENT, _CONCERN, _NEUTRAL_HIGH, _NEUTRAL_LOW = range(5)


@dataclass(frozen=True, eq=False)
class XmrGroup(NanAwareEquality):
    """One group (phase) of an XmR chart.

    ``start``/``stop`` are 0-based positions in the series, ``stop`` exclusive
    (``values[start:stop]``). ``n`` counts the observed (non-missing) values and
    ``trial_limits`` is true when ``n < 13`` (NHSRplotthedots warning threshold).
    """

    index: int
    start: int
    stop: int
    n: int
    mean: float
    lpl: float
    upl: float
    trial_limits: bool


_POINT_FIELDS = (
    "values",
    "mean",
    "lpl",
    "upl",
    "near_lpl",
    "near_upl",
    "outside_limits",
    "close_to_limits",
    "relative_to_mean",
    "signal",
    "point_type",
    "group",
)
_SERIES_FIELDS = ("variation", "assurance", "groups", "improvement", "target")


class _Batch:
    """The 2-D arrays of one :func:`xmr_many` call, shared by its results.

    Results slice their row on access, so building ten thousand results costs a
    few attributes each instead of a dozen array views and group records.
    """

    __slots__ = ("arrays", "lengths", "summary", "fixed_groups")

    def __init__(self, arrays, lengths, summary=None, fixed_groups=None):
        self.arrays = arrays
        self.lengths = lengths
        self.summary = summary
        self.fixed_groups = fixed_groups

    def groups(self, row):
        if self.fixed_groups is not None:
            return self.fixed_groups
        return self.summary.records(row)


class XmrResult:
    """The analysis of one series (frozen). Per-point fields are read-only numpy arrays.

    Per point: ``values``, ``mean``, ``lpl``, ``upl``, ``near_lpl``, ``near_upl``
    (float), ``outside_limits``, ``close_to_limits`` (bool), ``relative_to_mean``
    (int8: -1, 0, 1), ``signal`` (object array of None or
    :class:`~pif.spc.vocabulary.PointSignal`), ``point_type`` (object array of
    :class:`~pif.spc.vocabulary.PointType`) and ``group``
    (0-based group index). For the series: ``variation``, ``assurance``,
    ``groups`` (tuple of :class:`XmrGroup`), ``improvement`` and ``target``.
    Two results are equal when every field is (NaN equal to NaN).
    """

    # one slot holding (batch, row, variation, assurance, improvement, target):
    # a single attribute store per result keeps xmr_many's assembly cheap
    __slots__ = ("_state",)
    FIELDS = _POINT_FIELDS + _SERIES_FIELDS

    @property
    def _batch(self):
        return self._state[0]

    @property
    def _row(self):
        return self._state[1]

    @property
    def variation(self):
        """MDC variation icon from the last observed point (see the module docstring)."""
        return self._state[2]

    @property
    def assurance(self):
        """MDC assurance icon, or None without a target or with a neutral direction."""
        return self._state[3]

    @property
    def improvement(self):
        """The improvement direction the series was analysed with."""
        return self._state[4]

    @property
    def target(self):
        """The target, or None."""
        return self._state[5]

    def __setattr__(self, name, value):
        raise AttributeError(f"XmrResult is frozen: cannot set {name!r}")

    def __delattr__(self, name):
        raise AttributeError(f"XmrResult is frozen: cannot delete {name!r}")

    __hash__ = None

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(same_value(getattr(self, f), getattr(other, f)) for f in self.FIELDS)

    def __len__(self):
        return int(self._batch.lengths[self._row])

    def __repr__(self):
        return (f"XmrResult(n={len(self)}, variation={self.variation!r}, "
                f"assurance={self.assurance!r}, groups={len(self.groups)}, "
                f"improvement={self.improvement!r}, target={self.target!r})")

    def __reduce__(self):
        points = {name: np.array(getattr(self, name)) for name in _POINT_FIELDS}
        return _restore, (points, self.groups, self.variation, self.assurance,
                          self.improvement, self.target)

    @property
    def groups(self):
        """Tuple of :class:`XmrGroup`, one per group (phase), in order."""
        return self._batch.groups(self._row)

    @property
    def special_cause(self):
        """Boolean array: true where any of the four rules flags the point."""
        return self.point_type != PointType.COMMON_CAUSE

    def as_dict(self):
        """Every field by name (per-point fields as numpy arrays)."""
        return {name: getattr(self, name) for name in self.FIELDS}


_LABELS = {"signal": _SIGNALS, "point_type": _POINT_TYPES}


def _point_field(name):
    labels = _LABELS.get(name)

    def read(self):
        batch, index = self._state[0], self._state[1]
        row = batch.arrays[name][index, : batch.lengths[index]]
        if labels is None:
            return row
        # the batch keeps small integer codes; labels are looked up for one row only
        named = labels[row]
        named.flags.writeable = False
        return named

    read.__name__ = name
    return property(read, doc=f"Per-point ``{name}`` (read-only numpy array).")


for _name in _POINT_FIELDS:
    setattr(XmrResult, _name, _point_field(_name))
del _name


_new_object = object.__new__
_set_state = XmrResult._state.__set__  # the slot descriptor: bypasses the frozen __setattr__


def _new_result(batch, row, variation, assurance, improvement, target):
    result = _new_object(XmrResult)
    _set_state(result, (batch, row, variation, assurance, improvement, target))
    return result


def _restore(points, groups, variation, assurance, improvement, target):
    """Rebuild a pickled result as a one-row batch."""
    arrays = {name: np.asarray(array)[None, :] for name, array in points.items()}
    for name, labels in _LABELS.items():
        codes = {label: code for code, label in enumerate(labels)}
        arrays[name] = np.array([[codes[label] for label in arrays[name][0]]], dtype=np.int8)
    for array in arrays.values():
        array.flags.writeable = False
    lengths = np.array([arrays["values"].shape[1]])
    return _new_result(_Batch(arrays, lengths, fixed_groups=groups), 0, variation, assurance,
                       improvement, target)
