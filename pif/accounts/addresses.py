"""The address a request came from, for the sign-in lockout.

Behind a reverse proxy, REMOTE_ADDR is the proxy. The proxy appends the address it saw to
X-Forwarded-For, so the header is read from the right, skipping the trusted proxies; any
address to the left of the first untrusted one could have been typed by the client and is
ignored. Without a trusted proxy the header is never read, so nobody can choose their own
address by sending it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not _is_trusted_proxy(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",")]):
        if not _is_address(hop):
            # A malformed hop was not written by our proxy: stop at the last good one.
            break
        remote = hop
        if not _is_trusted_proxy(hop):
            break
    return remote


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted_proxy(text: str) -> bool:
    if not _is_address(text):
        return False
    address = ipaddress.ip_address(text)
    return any(address in network for network in settings.TRUSTED_PROXIES)
