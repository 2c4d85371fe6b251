from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from qic import views

admin.site.site_header = _("QIC administration")
admin.site.site_title = _("QIC administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("plotly.css", views.plotly_css, name="plotly_css"),
    path("framework/", include("aims.urls")),
    path("data/", include("measures.urls")),
    path("partners/", include("dialogues.urls")),
    path("projects/", include("projects.urls")),
    path("workplan/", include("workplan.urls")),
    path("council/", include("council.urls")),
    path("", include("reminders.urls")),
    path("accounts/", include("qic.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
