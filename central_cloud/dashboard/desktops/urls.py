from django.urls import re_path

from central_cloud.dashboard.desktops import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^preview/$', views.PreviewView.as_view(), name='preview'),
]
