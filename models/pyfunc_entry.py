"""Models-from-code entry point: MLflow runs this file to build the logged model's pyfunc
(``mlflow.pyfunc.log_model(python_model=<this file>)``) — no pickled objects in the registry."""

import mlflow

from models.pyfunc import JobfitPyfunc

mlflow.models.set_model(JobfitPyfunc())
