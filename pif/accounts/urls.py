from django.urls import path

from pif.accounts import views
from pif.accounts.sso import views as sso_views

urlpatterns = [
    path("", views.account, name="account"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation_accept"),
    path("invitation/done/", views.invitation_done, name="invitation_done"),
    path("password/", views.password_change, name="password_change"),
    path("password/done/", views.password_change_done, name="password_change_done"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/sent/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/done/", views.password_reset_complete,
         name="password_reset_complete"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm,
         name="password_reset_confirm"),
    path("sso/link/", sso_views.link, name="sso_link"),
    path("sso/identities/<int:identity_id>/unlink/", views.sso_unlink, name="sso_unlink"),
    path("sso/<slug:provider>/", sso_views.start, name="sso_start"),
    path("sso/<slug:provider>/callback/", sso_views.callback, name="sso_callback"),
]
