from django.urls import path

from bench import views
from frivilligkontor.urls import urlpatterns as portal_urlpatterns

urlpatterns = [
    path("bench/baseline/", views.baseline, name="bench_baseline"),
    *portal_urlpatterns,
]
