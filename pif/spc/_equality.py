"""Field-by-field equality for the frozen result classes.

Results hold numpy arrays and floats that may be NaN; the dataclass default
``__eq__`` can compare neither, so results use this mixin instead. NaN equals NaN
here because "no limit" in one result must equal "no limit" in another.
"""

import math
from dataclasses import fields

import numpy as np

__all__ = ["NanAwareEquality", "same_value"]


def same_value(a, b):
    """True when two field values are equal, NaN matching NaN and arrays compared whole."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape:
            return False
        if a.dtype.kind == "f" and b.dtype.kind == "f":
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


class NanAwareEquality:
    """Mixin for frozen dataclasses declared with ``eq=False``."""

    __hash__ = None

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(same_value(getattr(self, f.name), getattr(other, f.name)) for f in fields(self))
