"""The default resolver's classifier: an intent classifier trained on the interaction model's
samples (slots filled with their values), as Alexa's NLU learns from the model.

It never sees the skill's code or the test suites: a miss is fixed in the interaction model
(samples, slots, intents), not here. scikit-learn does the learning: TF-IDF over words and
character n-grams (robust to misspellings) into a logistic-loss linear model, whose
probability is the confidence. When the out-of-domain class wins, or the confidence is below
the threshold of the model's ``fallbackIntentSensitivity``, the answer is
``AMAZON.FallbackIntent`` (the resolver also checks how many of the words the model knows).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from skill.simulator.nlu.builtins import FALLBACK
from skill.simulator.nlu.compiled import CompiledModel
from skill.simulator.nlu.training import examples

# Minimum confidence for an in-domain intent, by fallbackIntentSensitivity level.
THRESHOLDS = {"LOW": 0.12, "MEDIUM": 0.2, "HIGH": 0.3}


class IntentClassifier:
    """Words to ``(intent, confidence)``: a compiled model's trained pipeline and its threshold."""

    def __init__(self, model: CompiledModel) -> None:
        texts, labels = zip(*examples(model), strict=True)
        self.pipeline = _fitted(texts, labels)
        self.threshold = THRESHOLDS.get(model.fallback_sensitivity, THRESHOLDS["LOW"])
        self.size = len(texts)

    def ranked(self, text: str, n: int = 3) -> list[tuple[str, float]]:
        """The ``n`` likeliest intents, most likely first."""
        probabilities = self.pipeline.predict_proba([text])[0]
        classes = self.pipeline.classes_
        order = probabilities.argsort()[::-1][:n]
        return [(str(classes[i]), float(probabilities[i])) for i in order]

    def predict(self, text: str) -> tuple[str, float]:
        intent, confidence = self.ranked(text, 1)[0]
        if confidence < self.threshold:
            return FALLBACK, confidence
        return intent, confidence


@lru_cache(maxsize=8)
def _fitted(texts: tuple[str, ...], labels: tuple[str, ...]) -> Any:
    """A pipeline trained on these examples, once per process: models that differ only in what
    training does not read (their fallback sensitivity, say) share one."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline, make_union
    from threadpoolctl import threadpool_limits

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    )
    # Logistic loss for calibrated-enough probabilities; SGD trains in a fraction of a second
    # where lbfgs takes seconds for this many classes.
    model = SGDClassifier(
        loss="log_loss",
        alpha=1e-5,
        max_iter=40,
        tol=None,
        class_weight="balanced",
        random_state=0,
    )
    pipeline = make_pipeline(features, model)
    # One BLAS thread: training is sparse and gains nothing from more, and OpenBLAS's idle
    # threads spin, doubling the CPU it takes (and slowing whatever else runs, such as the
    # conversation that started the training in the background).
    with threadpool_limits(limits=1, user_api="blas"):
        pipeline.fit(list(texts), list(labels))
    return pipeline
