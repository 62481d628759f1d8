from django.urls import path

from henvendelser import feedback_views, views

app_name = "henvendelser"

urlpatterns = [
    path("veiledning/", views.guidance_list, name="guidance_list"),
    path("veiledning/<slug:slug>/", views.guidance_detail, name="guidance_detail"),
    path("henvendelser/ny/", views.enquiry_create, name="enquiry_create"),
    path("henvendelser/forslag/", views.guidance_suggestions, name="guidance_suggestions"),
    path(
        "henvendelser/sak/<token:token>/kvittering/",
        views.enquiry_receipt,
        name="enquiry_receipt",
    ),
    path("henvendelser/sak/<token:token>/", views.case_detail, name="case_detail"),
    path(
        "henvendelser/sak/<token:token>/tilbakemelding/",
        feedback_views.case_feedback,
        name="case_feedback",
    ),
    path(
        "veiledning/<slug:slug>/nyttig/",
        feedback_views.article_feedback,
        name="article_feedback",
    ),
]
