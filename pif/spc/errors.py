"""The one exception raised by the SPC engine.

Every invalid option (an unknown chart, ``fix_after`` below 12, a negative
denominator, a rebase index out of range, ...) raises :class:`SPCError`. It is a
``ValueError``, so callers that already catch ``ValueError`` keep working, and its
message always names the option and the offending value so that an analyst can
fix the input without reading the code.

Missing values are never an error: they are part of the documented policy.
"""

__all__ = ["SPCError", "option_error"]


class SPCError(ValueError):
    """An option or input given to the SPC engine is invalid."""


def option_error(option, value, requirement):
    """Build an :class:`SPCError` whose message names the option and the value.

    >>> str(option_error("fix_after", 5, "must be a whole number >= 12"))
    'fix_after=5 is invalid: must be a whole number >= 12'
    """
    return SPCError(f"{option}={value!r} is invalid: {requirement}")
