from django.urls import re_path

from central_cloud.dashboard.alarms import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
