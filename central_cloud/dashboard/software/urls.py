from django.urls import re_path

from central_cloud.dashboard.software import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^rollouts/(?P<rollout_id>[^/]+)/$',
            views.RolloutView.as_view(), name='rollout'),
]
