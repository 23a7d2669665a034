"""The checklist survey: invitations, its dates, closing it, the survey page that a personal
link opens (no sign-in), the results and findings made from comments."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.cache import never_cache

from pif import tables
from pif.actors import Actor
from pif.form_pages import form_page, posted
from pif.forms import apply_validation_error
from pif.partnerships.access import Access, partnership_view, site_view
from pif.reviews import survey_results as sr
from pif.reviews.forms import surveys as forms
from pif.reviews.models import (
    Assessment,
    SurveyAnswer,
    SurveyComment,
    SurveyInvitation,
    SurveyResponse,
)
from pif.reviews.services import surveys as services

CAPTION = "Stage 6: review the cycle"
PARTS = {"strengths": "What works well", "improvements": "What could be improved"}


def get_checklist(access: Access, checklist_id: int) -> Assessment:
    """A checklist assessment of this partnership; another's, or a full assessment, is 404."""
    return get_object_or_404(
        Assessment.objects.select_related("partnership", "framework_version",
                                          "framework_version__framework"),
        pk=checklist_id, partnership=access.partnership, method=Assessment.Method.CHECKLIST)


def url(name: str, assessment: Assessment) -> str:
    return reverse(name, args=[assessment.partnership.short_name, assessment.pk])


def _context(assessment: Assessment, **more) -> dict:
    return {"assessment": assessment, "caption": CAPTION,
            "assessment_url": assessment.get_absolute_url(), **more}


# Invitations -------------------------------------------------------------------------------

@partnership_view("edit")
def survey_invitations(request: HttpRequest, access: Access, checklist_id: int
                       ) -> HttpResponse:
    assessment = get_checklist(access, checklist_id)
    form = forms.InvitationsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_invitations(Actor.from_request(request), assessment,
                                             "\n".join(form.cleaned_data["addresses"]))
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, f"{len(added)} people invited. Send them their links "
                                      "when you are ready." if added else
                             "Everyone given was already invited.")
            return redirect(url("survey_invitations", assessment))
    invitations = list(assessment.invitations.order_by("email"))
    return render(request, "reviews/surveys/invitations.html", _context(
        assessment, form=form, invitations=invitations,
        unsent=sum(1 for i in invitations if i.sent_at is None and not i.is_used),
        used=sum(1 for i in invitations if i.is_used),
        sent_waiting=sum(1 for i in invitations if i.sent_at and not i.is_used),
        may_invite=assessment.stage in ("draft", "open")))


@partnership_view("edit")
def survey_send(request: HttpRequest, access: Access, checklist_id: int) -> HttpResponse:
    """Send the links not sent yet, or (`?to=<invitation>`) a new link to one person."""
    assessment = get_checklist(access, checklist_id)
    one = _one_invitation(assessment, request.GET.get("to") or request.POST.get("to"))
    waiting = ([one] if one else list(assessment.invitations.filter(
        sent_at__isnull=True, is_used=False)))
    error = None
    if request.method == "POST":
        try:
            sent = services.send_links(Actor.from_request(request), assessment,
                                       request.build_absolute_uri("/"), invitation=one)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, f"Links sent to {sent} people." if sent
                             else "There were no links to send.")
            return redirect(url("survey_invitations", assessment))
    return render(request, "reviews/surveys/send.html", _context(
        assessment, one=one, waiting=waiting, error=error))


def _one_invitation(assessment: Assessment, value) -> SurveyInvitation | None:
    """The invitation named in the address, or None; one not of this survey is 404."""
    if not value:
        return None
    if not str(value).isdigit():
        raise Http404("No such invitation")
    return get_object_or_404(SurveyInvitation, pk=int(value), assessment=assessment,
                             is_used=False)


# Opening and closing -----------------------------------------------------------------------

@partnership_view("edit")
def survey_dates(request: HttpRequest, access: Access, checklist_id: int) -> HttpResponse:
    assessment = get_checklist(access, checklist_id)
    today = timezone.localdate()
    form = forms.SurveyDatesForm(posted(request), record=assessment, initial={
        "opens_on": assessment.opens_on or today,
        "closes_on": assessment.closes_on or today + datetime.timedelta(days=21)})
    opening = assessment.stage == Assessment.Stage.DRAFT

    def save(form):
        return services.open_survey(
            Actor.from_request(request), assessment, opens_on=form.cleaned_data["opens_on"],
            closes_on=form.cleaned_data["closes_on"], loaded_version=form.loaded_version)

    return form_page(request, form, save, template="reviews/surveys/dates.html",
                     success="The survey is open." if opening else "The dates are changed.",
                     next_url=url("survey_invitations", assessment), what="this assessment",
                     context=_context(assessment, opening=opening))


@partnership_view("edit")
def survey_close(request: HttpRequest, access: Access, checklist_id: int) -> HttpResponse:
    assessment = get_checklist(access, checklist_id)
    form = forms.CloseSurveyForm(posted(request), record=assessment)

    def save(form):
        return services.close_survey(Actor.from_request(request), assessment,
                                     loaded_version=form.loaded_version)

    return form_page(request, form, save, template="reviews/surveys/close.html",
                     success="The survey is closed. Its results can now be read.",
                     next_url=url("survey_results", assessment), what="this assessment",
                     context=_context(assessment, responses=assessment.responses.count()))


# The survey --------------------------------------------------------------------------------

@never_cache
@site_view("public")
def survey(request: HttpRequest, survey_token: str) -> HttpResponse:
    """The survey a personal link opens. It shows only the survey: no sign-in, nothing of the
    partnership's other pages, and no session is started."""
    today = timezone.localdate()
    invitation = services.invitation_for(survey_token)
    problems = services.refusal(invitation, today)
    if problems:
        return _not_open(request, problems[0].message, status=404 if invitation is None else 200)
    assessment = invitation.assessment
    sections = services.checklist(assessment.framework_version_id)
    form = forms.SurveyForm(posted(request), sections=sections)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(Actor.from_request(request), survey_token,
                                     answers=form.answers(), comments=form.comments(),
                                     today=today)
        except ValidationError as error:
            if not hasattr(error, "error_dict") or "__all__" in error.error_dict:
                return _not_open(request, error.messages[0])
            apply_validation_error(form, error)
        else:
            return redirect("survey_thanks")
    return _no_index(render(request, "reviews/surveys/survey.html", {
        "assessment": assessment, "form": form, "rows": form.rows(),
        "partnership_name": assessment.partnership.name,
        "statement_count": sum(len(s.statements) for s in sections)}))


def _not_open(request: HttpRequest, message: str, status: int = 200) -> HttpResponse:
    return _no_index(render(request, "reviews/surveys/not_open.html", {"message": message},
                            status=status))


def _no_index(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@site_view("public")
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return _no_index(render(request, "reviews/surveys/thanks.html"))


# Results -----------------------------------------------------------------------------------

def comment_ref(comment: SurveyComment) -> str:
    """A comment's name in addresses: keyed with the site's secret, so it tells nothing of
    when the comment came (its id would, set beside the invitations' history)."""
    return salted_hmac("survey-comment", f"{comment.response.assessment_id}:{comment.pk}"
                       ).hexdigest()[:20]


def _comments(assessment: Assessment) -> dict[int, dict[str, list]]:
    """Each section's comments, by part, in a stable order that does not follow time."""
    found = list(SurveyComment.objects.filter(response__assessment=assessment)
                 .select_related("response").only("pk", "node_id", "strengths", "improvements",
                                                  "response__assessment_id"))
    by_section: dict[int, dict[str, list]] = {}
    for comment in sr.stable_order(found, key=comment_ref, salt=""):
        parts = by_section.setdefault(comment.node_id, {part: [] for part in PARTS})
        for part in PARTS:
            parts[part].append((comment_ref(comment), getattr(comment, part)))
    return {node_id: {part: sr.grouped(said) for part, said in parts.items()}
            for node_id, parts in by_section.items()}


def results_context(assessment: Assessment, today: datetime.date) -> dict:
    """Everything the results page and its download show, in a fixed number of queries."""
    sections = services.checklist(assessment.framework_version_id)
    responses = SurveyResponse.objects.filter(assessment=assessment).count()
    invitations = assessment.invitations.count()
    # Only links that went out could be answered; addresses never sent one are told apart.
    sent = assessment.invitations.filter(Q(sent_at__isnull=False) | Q(is_used=True)).count()
    visible = services.results_visible(assessment, today)
    enough = responses >= sr.MIN_RESPONSES
    shown = visible and enough
    results = ()
    comments = {}
    if shown:
        answers = SurveyAnswer.objects.filter(response__assessment=assessment).values_list(
            "node_id", "rating")
        results = sr.results([_section(s) for s in sections], answers)
        comments = _comments(assessment)
    rows = [{"result": result, "node": section.node,
             "comments": comments.get(section.node.pk, {part: [] for part in PARTS})}
            for section, result in zip(sections, results, strict=False)]
    return {"responses": responses, "invitations": invitations, "sent": sent,
            "never_sent": invitations - sent, "rate": sr.response_rate(responses, sent),
            "visible": visible,
            "enough": enough, "shown": shown, "sections": rows,
            "min_responses": sr.MIN_RESPONSES, "divided_at": sr.DIVIDED_AT,
            "bar_key": sr.KEY}


def _section(section) -> sr.Section:
    return sr.Section(section.node.pk, section.node.code, section.node.label,
                      tuple(sr.Statement(s.pk, s.code, s.label) for s in section.statements))


@partnership_view("read")
def survey_results(request: HttpRequest, access: Access, checklist_id: int) -> HttpResponse:
    assessment = get_checklist(access, checklist_id)
    context = results_context(assessment, timezone.localdate())
    return render(request, "reviews/surveys/results.html", _context(
        assessment, **context, can_edit=access.can_edit,
        finding_url=url("survey_finding_add", assessment)))


HEADERS = ["Section", "Statement code", "Statement", "Strongly agree", "Agree", "Disagree",
           "Strongly disagree", "Don't know", "Answers", "% agree or strongly agree",
           "% disagree or strongly disagree", "% strongly agree", "% strongly disagree",
           "Opinion divided"]


def _export_row(section, code: str, label: str, spread: sr.Spread) -> list:
    counts = spread.counts
    return [section, code, label, counts[4], counts[3], counts[2], counts[1], counts[0],
            spread.total, spread.agree, spread.disagree, spread.strongly_agree,
            spread.strongly_disagree, "Yes" if spread.divided else "No"]


@partnership_view("read")
def survey_results_export(request: HttpRequest, access: Access, checklist_id: int,
                          fmt: str) -> HttpResponse:
    """The results table; empty while results are not shown (open, or too few responses)."""
    assessment = get_checklist(access, checklist_id)
    context = results_context(assessment, timezone.localdate())
    rows = []
    for row in context["sections"]:
        result, section = row["result"], row["node"]
        name = f"{section.code} {section.label}"
        rows += [_export_row(name, s.statement.code, s.statement.label, s.spread)
                 for s in result.statements]
        rows.append(_export_row(name, section.code, "All statements in the section",
                                result.spread))
    return tables.table_response(
        f"{access.partnership.short_name}-survey-{assessment.pk}-results", fmt, HEADERS, rows,
        sheet_title="Survey results")


# Findings from comments --------------------------------------------------------------------

@partnership_view("edit")
def survey_finding_add(request: HttpRequest, access: Access, checklist_id: int
                       ) -> HttpResponse:
    """Make a strength or an area for improvement from a comment (`?comment=<ref>&part=`), or
    from scratch."""
    assessment = get_checklist(access, checklist_id)
    sections = services.checklist(assessment.framework_version_id)
    source = _source(assessment, request.GET.get("comment", ""), request.GET.get("part", ""))
    initial = {}
    if source:
        initial = {"text": source["text"], "node": source["node_id"],
                   "kind": "strength" if source["part"] == "strengths"
                   else "area_for_improvement"}
    form = forms.FindingFromCommentForm(posted(request), sections=sections, initial=initial)
    nodes = {s.node.pk: s.node for s in sections}

    def save(form):
        return services.comment_to_finding(
            Actor.from_request(request), assessment, kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"], node=nodes.get(form.cleaned_data["node"]))

    return form_page(request, form, save, template="reviews/surveys/finding_add.html",
                     success=lambda f: f"{f.get_kind_display()} added to the assessment.",
                     next_url=url("survey_results", assessment), what="this assessment",
                     context=_context(assessment, source=source, parts=PARTS))


def _source(assessment: Assessment, ref: str, part: str) -> dict | None:
    """The comment named by `ref` and its part, or None when there is none such."""
    if not ref or part not in PARTS:
        return None
    for comment in (SurveyComment.objects.filter(response__assessment=assessment)
                    .select_related("response")):
        if comment_ref(comment) == ref:
            return {"text": getattr(comment, part), "node_id": comment.node_id, "part": part}
    return None
