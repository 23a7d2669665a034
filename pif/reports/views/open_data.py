"""Open data pages and files: what the partnership last published, for anyone to reuse under
its licence. The logic is in ``pif.reports.open_data``."""

import json
import re

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from pif.reports import open_data
from pif.reports.public_access import Public, public_page, render_public

JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


@public_page
def public_data(request: HttpRequest, public: Public) -> HttpResponse:
    datasets = [{"indicator": indicator,
                 "rows": len(indicator.get("observations", []))}
                for indicator in public.content.get("indicators", [])]
    return render_public(request, "public/data.html", {
        "public": public, "content": public.content, "datasets": datasets,
        "licence": public.content.get("licence") or {}})


@public_page
def public_catalogue(request: HttpRequest, public: Public) -> HttpResponse:
    return JsonResponse(open_data.catalogue(public), json_dumps_params=JSON_OPTIONS)


@public_page
def public_dataset(request: HttpRequest, public: Public, public_code: str, fmt: str
                   ) -> HttpResponse:
    if fmt not in open_data.FORMATS:
        raise Http404("Download the data as csv or json")
    indicator = public.indicator(public_code)
    code = re.sub(r"[^A-Za-z0-9._-]+", "-", indicator["code"])
    filename = f"{public.short_name}-{code}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(open_data.dataset_csv(indicator),
                                content_type=open_data.FORMATS["csv"][0])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    body = json.dumps(open_data.dataset_json(public, indicator), **JSON_OPTIONS)
    response = HttpResponse(body.encode("utf-8"), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
