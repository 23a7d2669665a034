"""The exit download page: admins see what the zip holds and download it by POST; editors and
below get 403, other partnerships' people 404."""

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from pif.backups import exit_data
from pif.partnerships.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(world):
    return reverse("partnership_exit", args=[world.partnership.short_name])


def signed_in(client, user):
    client.force_login(user)
    return client


def test_an_admin_sees_what_is_in_it_and_what_is_not(client, world, url):
    response = signed_in(client, world.admin).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Download all of Alpha Partnership's data" in page
    for words in ("What is in it", "What is not in it", "password hashes", "sign-in sessions",
                  "data dictionary", "leave PIF", "UTF-8 with a header row",
                  "Download the data (ZIP file)"):
        assert words in page
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page


def test_posting_downloads_the_zip_and_records_it(client, world, url):
    response = signed_in(client, world.admin).post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate().isoformat()
    assert f'filename="alpha-data-{today}.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert {"README.txt", "data_dictionary.csv", "partnerships_partnership.csv",
            "partnerships_partnership.json"} <= set(archive.namelist())
    assert "Made by: Admin <admin@alpha.test>" in archive.read("README.txt").decode()
    event = Event.objects.get(verb=exit_data.EVENT_VERB)
    assert event.actor == world.admin and event.partnership == world.partnership


def test_the_page_says_who_downloaded_it_last(client, world, url):
    signed_in(client, world.admin).post(url)
    page = client.get(url).content.decode()
    assert "The last download was on" in page and "by Admin." in page


def test_activity_shows_the_download(client, world, url):
    signed_in(client, world.admin).post(url)
    page = client.get(reverse("events", args=[world.partnership.short_name])).content.decode()
    assert "Downloaded all the partnership" in page


@pytest.mark.parametrize("role", ["viewer", "contributor", "editor"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_editors_and_below_are_refused(client, world, url, role, method):
    response = getattr(signed_in(client, world.users[role]), method)(url)
    assert response.status_code == 403
    assert not Event.objects.filter(verb=exit_data.EVENT_VERB).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_partnerships_people_find_nothing(client, world, url, method):
    response = getattr(signed_in(client, world.outsider), method)(url)
    assert response.status_code == 404


def test_someone_not_signed_in_is_sent_to_sign_in(client, url):
    response = client.post(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_post_without_the_csrf_token_is_refused(world, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin)
    assert client.post(url).status_code == 403
    assert not Event.objects.filter(verb=exit_data.EVENT_VERB).exists()
