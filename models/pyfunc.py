"""The MLflow pyfunc face of a JobfitModel: ``predict(DataFrame of pair features) -> score``.

The logged model's artifacts are the JobfitModel folder (booster.txt + model.json); this class
only loads them. Serving does not need pyfunc at all (models.registry.load_champion reads the
same files straight into a JobfitModel); pyfunc is there so any MLflow tool — ``mlflow models
predict``, the UI, ``mlflow.pyfunc.load_model`` — can use the model too.
"""

from __future__ import annotations

import mlflow.pyfunc
import numpy as np
import pandas as pd

from models.jobfit_model import JobfitModel

ARTIFACT_KEY = "jobfit_model"   # the folder's name among the logged model's artifacts


class JobfitPyfunc(mlflow.pyfunc.PythonModel):
    def load_context(self, context) -> None:
        self.model = JobfitModel.load(context.artifacts[ARTIFACT_KEY])

    # The DataFrame hint is one MLflow accepts without hint-based validation: the input is
    # checked against the logged signature instead.
    def predict(self, context, model_input: pd.DataFrame, params=None) -> np.ndarray:
        names = self.model.feature_names
        if hasattr(model_input, "columns"):
            missing = [n for n in names if n not in model_input.columns]
            if missing:
                raise ValueError(f"model input lacks feature columns {missing[:5]}")
            X = model_input[names].to_numpy(dtype=np.float32)
        else:
            X = np.asarray(model_input, dtype=np.float32)
        return self.model.score(X)
