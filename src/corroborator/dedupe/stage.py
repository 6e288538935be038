"""The dedupe stage: exact and near-duplicate copy groups, joined incrementally.

A new article is compared only with the articles that share an LSH bucket with it
(looked up in the store), never with the whole corpus.  It joins the group of its
best match at or above ``dedupe.threshold``; when it matches members of several
groups, those groups merge, so groups are the connected components of the
"similar enough" graph whatever the order articles arrive in.
"""

from __future__ import annotations

import numpy as np

from corroborator.config import DedupeSettings, Settings
from corroborator.dedupe.minhash import Sketch, similarity, sketch
from corroborator.models import Article
from corroborator.pipeline.stage import stages
from corroborator.store import Connection, copygroups


@stages.register("dedupe")
class DedupeStage:
    name: str = "dedupe"
    version: str
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ("copy_groups", "copy_group_members", "minhash_signatures", "minhash_bands")
    ordered = True  # an article is matched against those before it

    def __init__(self, settings: Settings) -> None:
        self.settings: DedupeSettings = settings.dedupe
        # The parameters are part of the version: other shingles make other groups.
        s = self.settings
        self.version = f"1:{s.shingle_size}:{s.num_perm}:{s.threshold}:{s.seed}"

    def compute(self, article: Article) -> Sketch:
        s = self.settings
        return sketch(
            article.text, size=s.shingle_size, num_perm=s.num_perm, seed=s.seed, threshold=s.threshold
        )

    def commit(self, connection: Connection, article: Article, result: Sketch) -> None:
        copygroups.forget_article(connection, article.id)
        exact = copygroups.exact_copies(connection, article.content_hash, article.id)
        if exact:
            matched, group = exact[0]
            others = sorted({g for _a, g in exact} - {group})
            copygroups.join_group(
                connection,
                article.id,
                group,
                similarity=1.0,
                matched_with=matched,
                method="exact",
                absorb=others,
            )
        else:
            mine = np.frombuffer(result.signature, dtype=np.uint64)
            matches = [
                (similarity(mine, theirs), other, group)
                for other, group, theirs in copygroups.candidates(connection, result.buckets, article.id)
                if len(theirs) == len(mine)
            ]
            matches = [m for m in matches if m[0] >= self.settings.threshold]
            if matches:
                score, other, group = max(matches)
                copygroups.join_group(
                    connection,
                    article.id,
                    group,
                    similarity=score,
                    matched_with=other,
                    method="minhash",
                    absorb=sorted({g for _s, _o, g in matches} - {group}),
                )
            else:
                copygroups.join_group(
                    connection, article.id, None, similarity=1.0, matched_with=None, method="first"
                )
        copygroups.save_sketch(
            connection, article.id, result.signature, self.settings.num_perm, result.buckets
        )
