from django.urls import path

from henvendelser import views

app_name = "henvendelser"

urlpatterns = [
    path("veiledning/", views.guidance_list, name="guidance_list"),
    path("henvendelser/ny/", views.enquiry_create, name="enquiry_create"),
]
