"""Who may see or change what. Every view and API endpoint asks this module.

Rules:
- Anonymous people are sent to sign in (Django's LoginRequiredMiddleware does that).
- Someone who is not a member of a partnership gets 404 for every one of its pages, so
  its existence does not leak.
- Members get 403 for an action their role does not allow.
- Contributors may change only what their own organisation owns.

Views declare what they need with `partnership_view(need)`; the decorator records the rule
on the view (`view.access_rule`) so the URL-walking test can check every page. A "read"
view changes nothing, so it answers only GET and HEAD. The decorator keeps the `Access` on
the request (`request.access`), and pif.partnerships.context_processors gives every
template `access` and `partnership` from it, so views do not pass them.
"""

from dataclasses import dataclass
from functools import lru_cache, wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponseNotAllowed
from django.urls import Resolver404, get_script_prefix, get_urlconf, resolve

from pif.partnerships.models import Membership, Partnership

Role = Membership.Role
ROLE_RANK = {Role.VIEWER: 1, Role.CONTRIBUTOR: 2, Role.EDITOR: 3, Role.ADMIN: 4}

SAFE_METHODS = ["GET", "HEAD"]

# What each access rule needs. "read" is any member; the others are minimum roles.
RULES = {
    "read": Role.VIEWER,
    "contribute": Role.CONTRIBUTOR,
    "edit": Role.EDITOR,
    "admin": Role.ADMIN,
}


@dataclass(frozen=True)
class Access:
    """A member's view of one partnership: what they may read and change."""

    partnership: Partnership
    membership: Membership

    @property
    def role(self) -> str:
        return self.membership.role

    def has_role(self, minimum: str) -> bool:
        return ROLE_RANK[self.membership.role] >= ROLE_RANK[minimum]

    def can(self, need: str) -> bool:
        """May this member do what a view declaring `partnership_view(need)` does?"""
        return self.has_role(RULES[need])

    def can_open(self, url: str) -> bool:
        """May this member open the page at `url`? Read from the rule its view declares, so
        a link is shown only to those its page lets in (templates: `access|can_open:url`).
        A "staff" page opens for site administrators only; any other address that is not a
        partnership's page is left to that page to decide."""
        need = _access_rule(_without_script_prefix(urlsplit(url).path), settings.ROOT_URLCONF,
                            get_urlconf())
        if need == "staff":
            return self.membership.user.is_staff
        return need not in RULES or self.can(need)

    @property
    def can_contribute(self) -> bool:
        return self.can("contribute")

    @property
    def can_edit(self) -> bool:
        return self.can("edit")

    @property
    def can_admin(self) -> bool:
        return self.can("admin")

    def can_change_owned(self, owner_organisation_id: int | None) -> bool:
        """Editors change anything; contributors only what their organisation owns."""
        if self.can_edit:
            return True
        return (
            self.membership.role == Role.CONTRIBUTOR
            and owner_organisation_id is not None
            and owner_organisation_id == self.membership.organisation_id
        )

    def require(self, minimum: str) -> None:
        if not self.has_role(minimum):
            raise PermissionDenied(
                f"You need the {Role(minimum).label.lower()} role in {self.partnership.name} "
                "to do this."
            )

    def require_owner(self, owner_organisation_id: int | None) -> None:
        if not self.can_change_owned(owner_organisation_id):
            raise PermissionDenied(
                "Only editors, or contributors from the organisation that owns this item, "
                "can change it."
            )


@lru_cache(maxsize=4096)
def _access_rule(path: str, *urlconfs) -> str | None:
    """The access rule of the view at `path` (None when it declares none or is not a page).
    Menus ask for a dozen links on every page and the URL conf is fixed once loaded, so each
    path is resolved once; the URL confs in force are part of the key for tests that swap
    them."""
    try:
        return getattr(resolve(path).func, "access_rule", None)
    except Resolver404:
        return None


def _without_script_prefix(path: str) -> str:
    """Reversed addresses start with the script prefix (FORCE_SCRIPT_NAME behind a proxy);
    resolve() matches the address without it."""
    prefix = get_script_prefix()
    if path.startswith(prefix):
        return "/" + path.removeprefix(prefix)
    return path


def partnerships_for_user(user) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    if (service := _service_membership(user)) is not None:
        return Partnership.objects.filter(pk=service.partnership_id)
    return Partnership.objects.filter(memberships__user=user)


def _service_membership(user) -> Membership | None:
    """A service token's user carries its one membership, unsaved (pif/api/tokens.py): it is
    a member of its organisation's partnership with the token's role, and of nothing else."""
    return getattr(user, "api_membership", None)


def access_for(user, partnership: Partnership) -> Access | None:
    """The user's access to `partnership`, or None for someone who is not its member (or
    nobody, or someone not signed in). For services, which refuse in their own words where
    a page answers 404 (`get_access`)."""
    if user is None or not user.is_authenticated:
        return None
    if (service := _service_membership(user)) is not None:
        return Access(partnership, service) if service.partnership_id == partnership.pk else None
    membership = (
        Membership.objects.select_related("organisation", "user")
        .filter(partnership=partnership, user=user)
        .first()
    )
    if membership is None:
        return None
    return Access(partnership=partnership, membership=membership)


def get_access(user, short_name: str, need: str = "read") -> Access:
    """Return the user's access to a partnership, or raise 404 (not a member) or 403."""
    if not user.is_authenticated:
        raise Http404("No such partnership")
    if (service := _service_membership(user)) is not None:
        membership = service if service.partnership.short_name == short_name else None
    else:
        membership = (
            Membership.objects.select_related("partnership", "organisation", "user")
            .filter(partnership__short_name=short_name, user=user)
            .first()
        )
    if membership is None:
        raise Http404("No such partnership")
    access = Access(partnership=membership.partnership, membership=membership)
    access.require(RULES[need])
    return access


def partnership_view(need: str):
    """Decorate a view taking `short_name`: it receives `access` and is refused by the rules."""
    if need not in RULES:
        raise ValueError(f"Unknown access rule {need!r}; use one of {', '.join(RULES)}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, short_name, *args, **kwargs):
            access = get_access(request.user, short_name, need)
            if need == "read" and request.method not in SAFE_METHODS:
                return HttpResponseNotAllowed(SAFE_METHODS)
            request.access = access
            return view(request, access, *args, **kwargs)

        wrapper.access_rule = need
        return wrapper

    return decorator


def site_view(rule: str):
    """Mark a view outside any partnership: "public", "login" (any signed-in user) or "staff"."""
    if rule not in ("public", "login", "staff"):
        raise ValueError(f"Unknown site rule {rule!r}")

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if rule == "staff" and not request.user.is_staff:
                raise PermissionDenied("Only site administrators can do this.")
            return view(request, *args, **kwargs)

        wrapper.access_rule = rule
        # Read by Django's LoginRequiredMiddleware; set it either way, because wraps() copies
        # the attribute from Django's own auth views, some of which are open to everyone.
        wrapper.login_required = rule != "public"
        return wrapper

    return decorator
