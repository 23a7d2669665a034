"""Many series as one float matrix: the input of the vectorised engines (``xmr_many``,
``qic_many``).

Series arrive as Python lists of numbers, with ``None`` (or NaN) for a gap. They are
padded into one ``(series, longest)`` float matrix, NaN for a gap and for the padding
after a short series. A row of plain numbers is written straight into the matrix by
``struct`` (about twice as fast as numpy converting nested lists); a row ``struct``
refuses (a ``None``, text, a nested list) goes through numpy, which turns ``None`` into
NaN and says what is wrong with the rest.
"""

import struct

import numpy as np

from .errors import option_error

__all__ = ["as_matrix"]


def as_matrix(series, *, name, outer):
    """The padded float matrix of ``series`` and the length of each series.

    ``name`` names one series in errors (``values[3]=...``), ``outer`` the whole
    argument. Infinity is refused; ``None`` and NaN are missing values.
    """
    if isinstance(series, np.ndarray) and series.ndim == 2:
        if series.dtype.kind not in "biuf":
            raise option_error(name, series.dtype, "must be numeric")
        matrix = np.array(series, dtype=float)
        lengths = np.full(matrix.shape[0], matrix.shape[1], dtype=np.int64)
    else:
        try:
            series = list(series)
            lengths = np.fromiter(map(len, series), dtype=np.int64, count=len(series))
        except TypeError:
            raise option_error(outer, series, "must be a sequence of sequences") from None
        matrix = _pack_rows(series, lengths, name)
    if np.isinf(matrix).any():
        raise option_error(name, "inf", "must be finite numbers, None or NaN")
    return matrix, lengths


def _pack_rows(series, lengths, name):
    width = int(lengths.max()) if lengths.size else 0
    matrix = np.empty((lengths.size, width))
    row_bytes = width * matrix.itemsize
    writers = {}
    refused = []
    for position, (values, length) in enumerate(zip(series, lengths.tolist(), strict=True)):
        write = writers.get(length)
        if write is None:
            write = writers[length] = struct.Struct(f"{length}d").pack_into
        try:
            write(matrix, position * row_bytes, *values)
        except struct.error:
            refused.append(position)
            if len(refused) > _TRIES and len(refused) > position // 4:
                # most rows are refused (gaps given as None): numpy alone is faster then
                return _convert_all(series, lengths, name)
    _convert(matrix, series, lengths, refused, name)
    return _padded(matrix, lengths)


#: Rows ``struct`` may refuse before the refusals are counted against it.
_TRIES = 16


def _convert_all(series, lengths, name):
    if lengths.size and (lengths == lengths[0]).all():
        try:
            matrix = np.array(series, dtype=float)
            if matrix.shape == (lengths.size, lengths[0]):
                return matrix
        except (TypeError, ValueError, OverflowError):
            pass  # _convert names the bad row
    matrix = np.empty((lengths.size, int(lengths.max()) if lengths.size else 0))
    _convert(matrix, series, lengths, range(lengths.size), name)
    return _padded(matrix, lengths)


def _convert(matrix, series, lengths, positions, name):
    """Rows through numpy: one conversion for the rows of each length, or one row at a time
    to name a bad one."""
    positions = np.asarray(positions, dtype=np.int64)
    for length in np.unique(lengths[positions]).tolist():
        rows = positions[lengths[positions] == length]
        try:
            block = np.array([series[position] for position in rows.tolist()], dtype=float)
        except (TypeError, ValueError, OverflowError):
            block = None
        if block is not None and block.shape == (rows.size, length):
            matrix[rows, :length] = block
            continue
        for position in rows.tolist():
            matrix[position, :length] = _row(series[position], f"{name}[{position}]")


def _row(values, named):
    try:
        row = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise option_error(named, values, "must be numbers, None or NaN") from None
    if row.ndim != 1:
        raise option_error(named, values, "must be one-dimensional")
    return row


def _padded(matrix, lengths):
    """NaN after the end of each short series."""
    if (lengths < matrix.shape[1]).any():
        matrix[np.arange(matrix.shape[1]) >= lengths[:, None]] = np.nan
    return matrix
