from django.urls import re_path

from central_cloud.dashboard.sites import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<site_name>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
]
