"""The one exception raised for every problem with a period."""


class PeriodError(ValueError):
    """A period could not be read or built; the message is fit to show to users."""
