"""The user model: email is the sign-in name, kept in lower case."""

from django.contrib.auth import get_user_model

User = get_user_model()


def test_email_and_username_are_kept_in_lower_case(db):
    user = User.objects.create_user(email="Jo.Bloggs@Example.ORG", password="x" * 12)
    user.refresh_from_db()
    assert user.email == "jo.bloggs@example.org"
    assert user.username == "jo.bloggs@example.org"
    user.email = "NEW@Example.org"
    user.save()
    user.refresh_from_db()
    assert (user.email, user.username) == ("new@example.org", "new@example.org")


def test_the_display_name_falls_back_to_the_email(db):
    user = User.objects.create_user(email="jo@example.org")
    assert user.display_name == "jo@example.org"
    user.full_name = "Jo Bloggs"
    assert str(user) == "Jo Bloggs"


def test_a_superuser_can_be_made_with_just_an_email(db):
    user = User.objects.create_superuser(email="Root@Example.org", password="x" * 12)
    assert (user.is_superuser, user.is_staff, user.email) == (True, True, "root@example.org")
