"""Result types of the XmR engine: :class:`XmrResult` and :class:`XmrGroup`.

:func:`pif.spc.xmr_many` computes every series in one set of arrays (a *batch*).
Each :class:`XmrResult` is only a reference to its batch and its row, and builds
its per-point fields when they are read, so building ten thousand results costs
one small object each and the vectorised path creates no per-point Python
objects:

* point flags (``outside_limits``, ``close_to_limits``, ``relative_to_mean``) and
  ``values`` are rows of 2-D batch arrays (read-only views);
* ``signal`` and ``point_type`` are kept as small integer codes and turned into
  labels for one row at a time;
* the centre line and limits (``mean``, ``lpl``, ``upl``, ``near_lpl``,
  ``near_upl``) and ``group`` are one value per group in the batch, repeated over
  the group's points when a row is read.

Results are frozen, compare field by field (NaN equal to NaN) and pickle as
self-contained one-row batches.
"""

from dataclasses import dataclass

import numpy as np

from ._equality import NanAwareEquality, same_value
from .vocabulary import PointSignal, PointType

__all__ = ["XmrResult", "XmrGroup", "IMPROVEMENT_DIRECTIONS"]

IMPROVEMENT_DIRECTIONS = {"increase": 1, "decrease": -1, "neutral": 0}
_DIRECTION_NAMES = {sign: name for name, sign in IMPROVEMENT_DIRECTIONS.items()}

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


# per-point fields stored per point (2-D arrays), and per group (one value per group)
_ROW_FIELDS = ("values", "outside_limits", "close_to_limits", "relative_to_mean", "signal",
               "point_type")
_GROUP_FIELDS = ("mean", "lpl", "upl", "near_lpl", "near_upl", "group")
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
_LABELS = {"signal": _SIGNALS, "point_type": _POINT_TYPES}


class _Batch:
    """The arrays of one :func:`xmr_many` call, shared by its results.

    ``rows``: the 2-D per-point arrays of :data:`_ROW_FIELDS` (labels as codes).
    ``groups``: one value per group for :data:`_GROUP_FIELDS`, the groups of all
    series in order (a short series' padding is a group of its own that nobody
    reads); ``group_sizes`` their widths and ``group_offsets[row]`` the first group of
    each series. Per series: ``lengths``, ``directions`` (+1, -1, 0), ``targets``
    (NaN for none), ``variation`` and ``assurance`` (labels or None) and
    ``records(row)``, the :class:`XmrGroup` tuple.
    """

    __slots__ = ("rows", "groups", "group_sizes", "group_offsets", "lengths", "directions",
                 "targets", "variation", "assurance", "records")

    def __init__(self, *, rows, groups, group_sizes, group_offsets, lengths, directions,
                 targets, variation, assurance, records):
        for array in (*rows.values(), *groups.values()):
            array.flags.writeable = False
        self.rows = rows
        self.groups = groups
        self.group_sizes = group_sizes
        self.group_offsets = group_offsets
        self.lengths = lengths
        self.directions = directions
        self.targets = targets
        self.variation = variation
        self.assurance = assurance
        self.records = records

    def row_field(self, name, row):
        length = self.lengths[row]
        if name in self.rows:
            return self.rows[name][row, :length]
        low, high = self.group_offsets[row], self.group_offsets[row + 1]
        spread = np.repeat(self.groups[name][low:high], self.group_sizes[low:high])[:length]
        spread.flags.writeable = False
        return spread


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

    # the batch and the row, no more: ten thousand results cost ten thousand small objects
    __slots__ = ("_batch", "_row")
    FIELDS = _POINT_FIELDS + _SERIES_FIELDS

    @property
    def variation(self):
        """MDC variation icon from the last observed point (see :mod:`pif.spc.xmr`)."""
        return self._batch.variation[self._row]

    @property
    def assurance(self):
        """MDC assurance icon, or None without a target or with a neutral direction."""
        return self._batch.assurance[self._row]

    @property
    def improvement(self):
        """The improvement direction the series was analysed with."""
        return _DIRECTION_NAMES[int(self._batch.directions[self._row])]

    @property
    def target(self):
        """The target, or None."""
        target = float(self._batch.targets[self._row])
        return None if target != target else target

    @property
    def groups(self):
        """Tuple of :class:`XmrGroup`, one per group (phase), in order."""
        return self._batch.records(self._row)

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
    def special_cause(self):
        """Boolean array: true where any of the four rules flags the point."""
        return self.point_type != PointType.COMMON_CAUSE

    def as_dict(self):
        """Every field by name (per-point fields as numpy arrays)."""
        return {name: getattr(self, name) for name in self.FIELDS}


def _point_field(name):
    labels = _LABELS.get(name)

    def read(self):
        field = self._batch.row_field(name, self._row)
        if labels is None:
            return field
        # the batch keeps small integer codes; labels are looked up for one row only
        named = labels[field]
        named.flags.writeable = False
        return named

    read.__name__ = name
    return property(read, doc=f"Per-point ``{name}`` (read-only numpy array).")


for _name in _POINT_FIELDS:
    setattr(XmrResult, _name, _point_field(_name))
del _name


_new_object = object.__new__
# the slot descriptors: they bypass the frozen __setattr__
_set_batch, _set_row = XmrResult._batch.__set__, XmrResult._row.__set__


def new_results(batch):
    """One :class:`XmrResult` per series of ``batch``, in order."""
    results = []
    append = results.append
    for row in range(batch.lengths.size):
        result = _new_object(XmrResult)
        _set_batch(result, batch)
        _set_row(result, row)
        append(result)
    return results


def _restore(points, groups, variation, assurance, improvement, target):
    """Rebuild a pickled result as a one-row batch whose groups are single points."""
    codes = {name: {label: code for code, label in enumerate(labels)}
             for name, labels in _LABELS.items()}
    rows = {}
    for name in _ROW_FIELDS:
        array = np.asarray(points[name])
        if name in codes:
            array = np.array([codes[name][label] for label in array], dtype=np.int8)
        rows[name] = array[None, :]
    length = rows["values"].shape[1]
    return new_results(_Batch(
        rows=rows,
        groups={name: np.asarray(points[name]) for name in _GROUP_FIELDS},
        group_sizes=np.ones(length, dtype=np.intp),
        group_offsets=np.array([0, length]),
        lengths=np.array([length]),
        directions=np.array([IMPROVEMENT_DIRECTIONS[improvement]], dtype=np.int8),
        targets=np.array([np.nan if target is None else target]),
        variation=[variation],
        assurance=[assurance],
        records=lambda row: groups,
    ))[0]
