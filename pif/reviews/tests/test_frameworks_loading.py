"""Loading the shipped assessment frameworks, their matches, and importing full wording."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pif.reviews import assessment_frameworks as af
from pif.reviews.models import AssessmentFrameworkVersion, AssessmentNode, NodeMatch

pytestmark = pytest.mark.django_db


def version(slug, label):
    return AssessmentFrameworkVersion.objects.get(framework__slug=slug, label=label,
                                                  framework__partnership=None)


def node(slug, label, code):
    return AssessmentNode.objects.get(framework_version=version(slug, label), code=code)


def test_load_all_ships_every_framework():
    af.load_all()
    efqm = version("efqm", "2013")
    assert efqm.total_points == 1000 and efqm.scale == "radar" and not efqm.uncertain
    assert efqm.nodes.filter(is_scored=True).count() == 32
    assert efqm.nodes.filter(kind="criterion").count() == 9
    assert node("efqm", "2013", "6a").node_type == "result"
    assert node("efqm", "2013", "6a").uncertain
    assert version("efqm", "2020").uncertain
    assert version("efqm", "2020").nodes.filter(is_scored=True).count() == 7
    assert version("cse", "2008").nodes.filter(is_scored=True).count() == 15
    assert version("cse", "2008").scale == "compliance"
    checklist = version("psif", "2020 checklist")
    assert checklist.scale == "likert"
    assert list(checklist.nodes.filter(kind="section").values_list("label", flat=True)) == [
        "Leadership", "Council planning", "Staff", "Partnerships and resources",
        "Processes and services", "Results"]
    assert checklist.nodes.filter(kind="statement", is_scored=True).count() == 24
    assert "not shipped" in efqm.licence
    assert not AssessmentNode.objects.exclude(text="").exists()   # no copyrighted wording
    assert not AssessmentFrameworkVersion.objects.filter(framework__slug="custom").exists()


def test_loading_again_updates_in_place_and_keeps_imported_wording():
    af.load_all()
    ids = dict(AssessmentNode.objects.values_list("framework_version__label", "pk")
               .order_by("pk")[:5])
    af.import_text("efqm", "2013", "code,text\n1a,Licensed wording\n")
    count, matches = AssessmentNode.objects.count(), NodeMatch.objects.count()
    af.load_all()
    assert AssessmentNode.objects.count() == count
    assert NodeMatch.objects.count() == matches
    assert dict(AssessmentNode.objects.values_list("framework_version__label", "pk")
                .order_by("pk")[:5]) == ids
    assert node("efqm", "2013", "1a").text == "Licensed wording"
    assert version("efqm", "2013").text_imported


def test_a_node_left_out_of_the_file_is_not_deleted(tmp_path, monkeypatch):
    af.load_all()
    extra = AssessmentNode.objects.create(framework_version=version("cse", "2008"), code="9.9",
                                          kind="element", label="Kept")
    af.load("cse")
    assert AssessmentNode.objects.filter(pk=extra.pk).exists()


def test_matches_are_loaded_both_ways():
    af.load_all()
    a, b = node("efqm", "2013", "1"), node("psif", "2020 full", "1")
    assert NodeMatch.objects.filter(node=a, matches=b).exists()
    assert NodeMatch.objects.filter(node=b, matches=a).exists()
    assert NodeMatch.objects.filter(node=node("cse", "2008", "1.3"),
                                    matches=node("efqm", "2013", "6a")).exists()


def test_ensure_loaded_is_one_query_once_loaded():
    af.ensure_loaded()
    assert AssessmentFrameworkVersion.objects.count() == 5
    with CaptureQueriesContext(connection) as queries:
        af.ensure_loaded()
    assert len(queries) == 1


BAD = [
    ('name = "X"\n', "x.toml: the file needs a 'slug'."),
    ('slug = "x"\nname = "X"\n[[versions]]\nlabel = "1"\nscale = "stars"\n',
     "x.toml, version 1: 'scale' is 'stars'"),
    ('slug = "x"\nname = "X"\n[[versions]]\nlabel = "1"\nscale = "radar"\n'
     '[[versions.nodes]]\ncode = "1a"\nparent = "1"\nkind = "part"\nlabel = "A"\n',
     "x.toml, version 1, node 1a: 'parent' 1 must be a node earlier"),
    ('slug = "x"\nname = "X"\n[[versions]]\nlabel = "1"\nscale = "radar"\n'
     '[[versions.nodes]]\ncode = "1"\nkind = "box"\nlabel = "A"\n',
     "x.toml, version 1, node 1: 'kind' is 'box'"),
    ('slug = "x"\nname = "X"\n[[versions]]\nlabel = "1"\nscale = "radar"\n'
     '[[versions.nodes]]\ncode = "1"\nkind = "part"\nlabel = "A"\nweight = "0.8"\n'
     '[[versions.nodes]]\ncode = "2"\nkind = "part"\nlabel = "B"\nweight = "0.3"\n',
     "x.toml, version 1, node 2: the 'weight's under the top add up to more than 1."),
    ('slug = "x"\nname = "X"\n[[versions]]\nlabel = "1"\nscale = "radar"\n'
     '[[versions.nodes]]\ncode = "1"\nkind = "part"\nlabel = "A"\npoints = "lots"\n',
     "x.toml, version 1, node 1: 'points' must be a number, not 'lots'."),
    ("slug = \n", "x.toml: not valid TOML"),
]


@pytest.mark.parametrize(("content", "message"), BAD)
def test_a_bad_file_is_refused_naming_file_and_key(tmp_path, monkeypatch, content, message):
    (tmp_path / "x.toml").write_text(content)
    monkeypatch.setattr(af, "DIR", tmp_path)
    with pytest.raises(ValidationError) as error:
        af.load("x")
    assert message in error.value.messages[0]


def test_a_mapping_to_an_unknown_node_is_refused(tmp_path, monkeypatch):
    af.load_all()
    (tmp_path / "mappings.toml").write_text(
        '[[match]]\nwhy = "Test"\nnodes = ["efqm/2013/1", "efqm/2013/99"]\n')
    monkeypatch.setattr(af, "DIR", tmp_path)
    with pytest.raises(ValidationError, match="match 1 .*efqm/2013/99"):
        af.load_mappings()


def test_import_text_is_all_or_nothing_with_row_and_column():
    af.load_all()
    with pytest.raises(ValidationError) as error:
        af.import_text("efqm", "2013", "code,text\n1a,Fine\n1z,Unknown\n1b,\n1a,Again\n")
    assert error.value.messages == [
        "Row 3, column code: there is no node '1z' in this version.",
        "Row 4, column text: the wording is empty.",
        "Row 5, column code: '1a' is given twice."]
    assert node("efqm", "2013", "1a").text == ""
    assert not version("efqm", "2013").text_imported
    with pytest.raises(ValidationError, match="code,text"):
        af.import_text("efqm", "2013", "id,wording\n1a,x\n")
    with pytest.raises(ValidationError, match="no shipped framework 'efqm' with a version"):
        af.import_text("efqm", "1999", "code,text\n1a,x\n")


def test_radar_attributes_come_from_the_file():
    af.load_all()
    attributes = af.radar_attributes(version("efqm", "2013"))
    assert "Approach: sound" in attributes["enabler"]
    assert "Performance: causes" in attributes["result"]
    assert af.radar_attributes(version("cse", "2008")) == {}


def test_command_lists_loads_and_imports(tmp_path):
    out = StringIO()
    call_command("assessment_framework", "list", stdout=out)
    assert "efqm-2013\tefqm\t2013" in out.getvalue()
    assert "custom\ttemplate" in out.getvalue()
    call_command("assessment_framework", "load", "--all", stdout=out)
    assert "Loaded EFQM Model: 1 version(s), 41 node(s)" in out.getvalue()
    wording = tmp_path / "w.csv"
    wording.write_text("code,text\n1,Full wording of criterion 1\n")
    call_command("assessment_framework", "import-text", "cse", "2008", str(wording), stdout=out)
    assert "Imported the wording of 1 node(s) of cse 2008" in out.getvalue()
    wording.write_text("code,text\n1.9,x\n")
    with pytest.raises(CommandError, match="Row 2, column code"):
        call_command("assessment_framework", "import-text", "cse", "2008", str(wording))
    with pytest.raises(CommandError, match="Name a framework file"):
        call_command("assessment_framework", "load")
