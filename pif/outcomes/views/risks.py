"""The risk register with its heat map."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pif.form_pages import form_page, posted
from pif.outcomes import exports, risks
from pif.outcomes.forms import RiskForm
from pif.outcomes.models import Risk
from pif.outcomes.services import conditions
from pif.outcomes.views.common import confirm_delete, model_save, page, stage_context, url
from pif.partnerships.access import Access, partnership_view
from pif.partnerships.names import known_names


def register(partnership, today):
    return list(Risk.objects.filter(partnership=partnership).with_review_overdue(today)
                .select_related("owner_organisation", "owner").prefetch_related("outcomes"))


def risks_context(partnership, which: str = "residual") -> dict:
    today = timezone.localdate()
    rows = register(partnership, today)
    overdue = [r for r in rows if r.review_overdue]
    return {"risks": rows, "today": today, "overdue": overdue, "which": which,
            "heat_map": risks.heat_map(rows, which), "likelihoods": risks.LIKELIHOODS}


@partnership_view("read")
def risk_register(request: HttpRequest, access: Access) -> HttpResponse:
    which = "inherent" if request.GET.get("score") == "inherent" else "residual"
    return page(request, "risks.html", **risks_context(access.partnership, which))


HEADERS = ["Reference", "Title", "Cause", "Effect", "Owning organisation", "Risk owner",
           "Inherent likelihood", "Inherent impact", "Inherent score", "Controls",
           "Residual likelihood", "Residual impact", "Residual score", "Rating",
           "Review date", "Review overdue", "Status", "Outcomes"]


@partnership_view("read")
def risks_export(request: HttpRequest, access: Access, fmt: str) -> HttpResponse:
    today = timezone.localdate()
    names = known_names(access.partnership)
    rows = [[r.reference, r.title, r.cause, r.effect, r.owner_organisation.name,
             r.owner and names.of(r.owner), r.inherent_likelihood, r.inherent_impact,
             r.inherent_score, r.controls, r.residual_likelihood, r.residual_impact,
             r.residual_score, r.residual_rating, r.review_date,
             "Yes" if r.review_overdue else "No", r.get_status_display(),
             "; ".join(o.title for o in r.outcomes.all())]
            for r in register(access.partnership, today)]
    return exports.respond(fmt, f"{access.partnership.short_name}-risks", "Risks", HEADERS,
                           rows)


def _form(request, access, instance) -> HttpResponse:
    form = RiskForm(access.partnership, posted(request), instance=instance)
    return form_page(request, form, model_save(request, conditions.save, m2m_fields=["outcomes"]),
                     success="Risk saved.", what="this risk", next_url=url("risks", access),
                     template="outcomes/form.html", context=stage_context(
                         title=f"Change risk {instance.reference}" if instance.pk else "Add a risk",
                         intro="Score likelihood and impact from 1 to 5, before the controls "
                               "(inherent) and with them (residual).",
                         back=("risks", "Risks")))


def _get(access, risk_id) -> Risk:
    return get_object_or_404(Risk, pk=risk_id, partnership=access.partnership)


@partnership_view("edit")
def risk_add(request: HttpRequest, access: Access) -> HttpResponse:
    return _form(request, access, Risk(partnership=access.partnership))


@partnership_view("edit")
def risk_edit(request: HttpRequest, access: Access, risk_id: int) -> HttpResponse:
    return _form(request, access, _get(access, risk_id))


@partnership_view("edit")
def risk_delete(request: HttpRequest, access: Access, risk_id: int) -> HttpResponse:
    return confirm_delete(request, _get(access, risk_id), conditions.remove,
                          what="Risk", next_url=url("risks", access),
                          cancel_url=url("risks", access),
                          explanation="If the risk no longer applies you can close it "
                                      "instead, which keeps it in the register.")
