"""API resources: risks. See pif/api/common.py for the shape of a resource."""

from ninja import Router

router = Router(tags=["risks"])
