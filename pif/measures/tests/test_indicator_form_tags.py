"""The indicator form shows every tag as its own labelled checkbox (it once drew one box
for all of them), and saves every tag ticked."""

from django.urls import reverse

from pif.measures.models import Indicator, Tag
from pif.measures.tests.test_view_indicator_form import CREATE, fields
from pif.tests.test_field_renderer import Page


def test_every_tag_is_its_own_labelled_checkbox(client, world):
    customer = Tag.objects.create(partnership=world.partnership, name="Customer",
                                  group="Perspective")
    finance = Tag.objects.create(partnership=world.partnership, name="Finance")
    Tag.objects.create(partnership=world.other_partnership, name="Not ours")
    client.force_login(world.editor)
    page = Page(client.get(CREATE).text)
    boxes = page.find("input", name="tags")
    assert [(box.attrs["type"], box.attrs["value"], page.label_for(box.attrs["id"]))
            for box in boxes] == [("checkbox", str(finance.pk), "Finance"),
                                  ("checkbox", str(customer.pk), "Perspective: Customer")]
    # GOV.UK's markup: each box in its own item, its label beside it, not around it.
    assert all(box.inside("div", "govuk-checkboxes__item") and not box.inside("label")
               for box in boxes)
    assert "Tags (optional)" in [" ".join(e.text.split()) for e in page.find("legend")]


def test_two_ticked_tags_are_both_saved(client, world):
    customer = Tag.objects.create(partnership=world.partnership, name="Customer")
    finance = Tag.objects.create(partnership=world.partnership, name="Finance")
    Tag.objects.create(partnership=world.partnership, name="Unticked")
    client.force_login(world.editor)
    response = client.post(CREATE, fields(world, tags=[customer.pk, finance.pk]))
    assert response.status_code == 302
    indicator = Indicator.objects.get(partnership=world.partnership, code="DD-1")
    assert set(indicator.tags.all()) == {customer, finance}
    edit = Page(client.get(reverse("indicator_edit", args=["alpha", "DD-1"])).text)
    ticked = {box.attrs["value"] for box in edit.find("input", name="tags")
              if "checked" in box.attrs}
    assert ticked == {str(customer.pk), str(finance.pk)}
