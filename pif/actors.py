"""Who is making a change: the one way every service is told, and the one place that tells
django-simple-history and the event log.

Every service that changes data takes an `Actor` as its first argument:

| made by | the actor |
| --- | --- |
| a page | `Actor.from_request(request)`: the signed-in person (nobody, if not signed in) |
| the command line | `COMMAND_LINE`, an operator with no account |
| the demo | `pif.partnerships.demo.demo_actor(user)`: `Actor(user=user, via="demo")` |
| later, the API | `Actor(user=<the token's user>, via="API")`, built where the token is read |

`Actor.stamp(obj)` is the only code that sets `_history_user` and `_change_reason`, so the
History page names the same person, and says the same "Changed through …", whichever path
made a change; pif/tests/test_actors.py fails if anything else sets them. `Actor.event(...)`
writes the business event with the same person and path. An anonymous user is never an
actor's `user`: `Actor` turns one into nobody, so services and templates need no
`is_authenticated` checks of their own. See docs/adr/0007-acting-person-and-form-pages.md.
"""

from dataclasses import dataclass

WEB = "web"
DEMO = "demo"
# django-simple-history keeps at most 100 characters of a change reason.
REASON_LENGTH = 100
# The paths on which nobody signed in is the installation's operator, who may do anything:
# a person who runs the `pif` command already holds the whole database.
OPERATOR_PATHS = frozenset({"command line", DEMO})


@dataclass(frozen=True)
class Actor:
    """A person (or an operator with no account) making changes, and the way they came in."""

    user: object = None  # a signed-in user, or None: an operator, or someone not signed in
    via: str = WEB  # "web", "command line", "demo"; later "API"

    def __post_init__(self):
        if self.user is not None and not self.user.is_authenticated:
            object.__setattr__(self, "user", None)  # not signed in: nobody

    @classmethod
    def from_request(cls, request) -> "Actor":
        """The person making a web request."""
        return cls(user=request.user)

    @property
    def is_operator(self) -> bool:
        """Nobody signed in, on a path only the installation's operator can use (not the web,
        where nobody signed in is a stranger)."""
        return self.user is None and self.via in OPERATOR_PATHS

    @property
    def is_demo(self) -> bool:
        """A change the demo makes: its people are invented, so nobody is emailed."""
        return self.via == DEMO

    def change_reason(self, reason: str = "") -> str | None:
        """The reason history keeps: `reason`, then the path when it is not the web."""
        through = "" if self.via == WEB else f"Changed through {self.via}"
        said = ". ".join(part for part in (reason, through) if part)
        return said[:REASON_LENGTH] or None

    def stamp(self, obj, reason: str = "") -> None:
        """Tell django-simple-history who makes the next save or delete of `obj`, and why."""
        # Always set, None included: django-simple-history reads None as nobody, where an
        # attribute left over would credit whoever stamped `obj` before.
        obj._history_user = self.user
        obj._change_reason = self.change_reason(reason)
        obj._stamped_by = self

    @staticmethod
    def who_stamped(obj) -> "Actor | None":
        """The actor who stamped `obj` for its latest save, or None: for records a signal
        makes because of that save (a new partnership's first capability levels), so their
        history names the same person and path."""
        return getattr(obj, "_stamped_by", None)

    def event(self, partnership, verb: str, description: str, obj=None):
        """Write a business event ("Data approved") by this actor to the event log."""
        from pif.partnerships.events import record_event

        return record_event(partnership, verb, description, actor=self, obj=obj)


COMMAND_LINE = Actor(via="command line")
