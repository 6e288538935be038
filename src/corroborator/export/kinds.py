"""Which kinds can be exported, and the records of each, streamed from the store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pydantic import BaseModel

from corroborator.errors import NotYetAvailable
from corroborator.models.records import ArticleRecord, CopyGroupMemberRecord, CopyGroupRecord
from corroborator.registry import Registry
from corroborator.store import Store
from corroborator.store.articles import iter_article_rows, outlet_names
from corroborator.store.copygroups import iter_copy_groups, member_facts

Exporter = Callable[[Store], Iterator[BaseModel]]
exporters: Registry[Exporter] = Registry("export kind")

# Kinds whose stage is not part of this version, and the stage that will fill them.
LATER = {
    "attributions": "extraction",
    "claims": "extraction",
    "quantities": "extraction",
    "entities": "entity resolution",
    "stories": "story clustering",
    "claim-groups": "alignment",
}


@exporters.register("articles")
def article_records(store: Store) -> Iterator[ArticleRecord]:
    with store.reading() as connection:
        names = outlet_names(connection)
        for row in iter_article_rows(connection):
            yield ArticleRecord(
                **{
                    key: row[key]
                    for key in ArticleRecord.model_fields
                    if key in row and key not in ("outlet",)
                },
                outlet=row["outlet_id"],
                extraction=row["parse_note"] or row["parse_status"],
                outlet_name=names.get(row["outlet_id"], row["outlet_id"]),
            )


@exporters.register("copy-groups")
def copy_group_records(store: Store) -> Iterator[CopyGroupRecord]:
    with store.reading() as connection:
        for group in iter_copy_groups(connection):
            facts = member_facts(connection, [member.article_id for member in group.members])
            yield CopyGroupRecord(
                id=group.id,
                representative=group.representative,
                size=group.size,
                members=[
                    CopyGroupMemberRecord(
                        article_id=m.article_id,
                        external_id=facts[m.article_id]["external_id"],
                        url=facts[m.article_id]["url"],
                        outlet=facts[m.article_id]["outlet_id"] or "",
                        similarity=m.similarity,
                        matched_with=m.matched_with,
                        method=m.method,
                    )
                    for m in group.members
                ],
            )


def export_records(kind: str, store: Store) -> Iterator[BaseModel]:
    """The records of ``kind``; NotYetAvailable for kinds a later stage will fill."""
    if kind in LATER and kind not in exporters:
        raise NotYetAvailable(
            f"export of {kind} is not available yet: the {LATER[kind]} stage is not part of this version"
        )
    return exporters.get(kind)(store)
