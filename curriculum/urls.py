from django.urls import path

from .views import learner

app_name = "curriculum"

urlpatterns = [
    path("my-training/", learner.my_training, name="my_training"),
]
