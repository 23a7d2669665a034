"""Site administrators create partnerships on the web and become their first admin."""

from django.urls import reverse

from pif.partnerships.models import Event, Membership, Partnership

URL = "/partnerships/new/"


def make_staff(user):
    user.is_staff = True
    user.save()
    return user


def test_a_site_administrator_creates_a_partnership_and_becomes_its_admin(client, world):
    client.force_login(make_staff(world.viewer))
    response = client.post(URL, {"name": "Gamma Partnership", "short_name": "gamma",
                                 "reporting_year_start_month": 4}, follow=True)
    assert response.redirect_chain == [(reverse("organisations", args=["gamma"]), 302)]
    assert "Gamma Partnership created. Add its organisations next." in (
        response.content.decode())
    partnership = Partnership.objects.get(short_name="gamma")
    assert Membership.objects.get(partnership=partnership).user == world.viewer
    assert Membership.objects.get(partnership=partnership).role == "admin"
    assert partnership.history.get().history_user == world.viewer
    verbs = set(Event.objects.filter(partnership=partnership).values_list("verb", flat=True))
    assert verbs == {"partnership_created", "member_added"}


def test_a_duplicate_short_name_is_shown_against_the_field(client, world):
    client.force_login(make_staff(world.viewer))
    response = client.post(URL, {"name": "Another", "short_name": "alpha",
                                 "reporting_year_start_month": 4})
    assert response.status_code == 200
    assert response.context["form"].errors["short_name"] == [
        "A partnership with this short name already exists."]
    assert "There is a problem" in response.content.decode()
    assert not Partnership.objects.filter(name="Another").exists()


def test_a_bad_short_name_is_refused(client, world):
    client.force_login(make_staff(world.viewer))
    response = client.post(URL, {"name": "Gamma", "short_name": "Gamma CPP",
                                 "reporting_year_start_month": 4})
    assert response.status_code == 200
    assert "short_name" in response.context["form"].errors
    assert not Partnership.objects.filter(name="Gamma").exists()


def test_the_home_page_offers_creation_only_to_site_administrators(client, world):
    client.force_login(world.admin)
    assert URL not in client.get("/").content.decode()
    client.force_login(make_staff(world.viewer))
    assert URL in client.get("/").content.decode()


def test_partnership_admins_who_are_not_site_administrators_are_refused(client, world):
    client.force_login(world.admin)
    response = client.post(URL, {"name": "Gamma", "short_name": "gamma",
                                 "reporting_year_start_month": 4})
    assert response.status_code == 403
    assert not Partnership.objects.filter(short_name="gamma").exists()
