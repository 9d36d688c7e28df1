"""The HTTP service as `bentoml serve jobfit.service:Jobfit` starts it: serving's service class
with this application's settings, read from the environment once in each worker."""

from jobfit.settings import Settings
from serving import service

service.use_settings(Settings)
Jobfit = service.Jobfit
