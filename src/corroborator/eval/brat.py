"""Reading PolNeAR attribution annotations (brat standoff) as gold for the attribution scorer.

A PolNeAR split is ``SPLIT/text/NAME.txt`` (the article) and
``SPLIT/attributions/NAME_ANNOTATOR.ann`` (one file per annotator of that text). The .ann
lines this reader understands, every variant found in the public train and dev splits:

- ``T<n>\\t<Role> <start> <end>[;<start> <end>...]\\t<text>``: a span of Role Source, Cue,
  Content, Attribution or Attribution-no-source (the trigger of an attribution event, over
  the cue), Discuss or Discard (marks for the annotators, not attributions). A span may be
  discontinuous; its text may run over several lines, so that a line which starts with no
  id continues the previous span's text. Offsets are characters of the .txt, which is read
  as UTF-8 without newline translation; the offsets, never the copied text, are the truth.
- ``E<n>\\t<Trigger>:T<i> <Role>:T<j> ...``: one attribution, linking its Cue, Source and
  Content (``Content2`` and further numbered roles are more pieces of the same role; a
  ``Attribution-no-source`` trigger has no Source). A span may be shared by several events
  (one source saying two things).
- ``#<n>\\tAnnotatorNotes ...``, relations and other brat lines: ignored.

T-lines that no event uses (a few stray Cue/Content spans) are not attributions and are
dropped. Pieces of a role are sorted and merged where they touch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from corroborator.errors import CorroboratorError
from corroborator.extract.pieces import Piece, normalise

_ID_LINE = re.compile(r"^[TERAMN#*]\d*\t")
_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
_ROLE = re.compile(r"^(Source|Cue|Content)\d*$")


class BratFormatError(CorroboratorError):
    """An .ann file has a line this reader cannot read."""


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution; a role absent from the annotation is an empty tuple."""

    id: str
    source: tuple[Piece, ...]
    cue: tuple[Piece, ...]
    content: tuple[Piece, ...]


@dataclass(frozen=True)
class Annotation:
    """One annotator's attributions of one text."""

    annotator: str
    attributions: tuple[GoldAttribution, ...]


@dataclass(frozen=True)
class GoldText:
    """One article with the annotations of every annotator who read it."""

    name: str
    text: str
    annotations: tuple[Annotation, ...]


def parse_ann(raw: str, source: str = "<ann>") -> tuple[GoldAttribution, ...]:
    """The attributions of one .ann file's content, in the order of their events."""
    spans: dict[str, tuple[str, tuple[Piece, ...]]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for number, line in enumerate(raw.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip() or not _ID_LINE.match(line):
            continue  # blank, or the continuation of a span text that runs over a line break
        if line.startswith("T"):
            match = _T_LINE.match(line)
            if not match:
                raise BratFormatError(f"{source}:{number}: cannot read the span line {line[:80]!r}")
            pieces = tuple((int(a), int(b)) for a, b in (part.split() for part in match.group(3).split(";")))
            spans[match.group(1)] = (match.group(2), pieces)
        elif line.startswith("E"):
            fields = line.split("\t")
            if len(fields) < 2:
                raise BratFormatError(f"{source}:{number}: an event line without arguments: {line[:80]!r}")
            arguments = []
            for argument in fields[1].split():
                role, _, target = argument.partition(":")
                if not target:
                    raise BratFormatError(f"{source}:{number}: cannot read the argument {argument!r}")
                arguments.append((role, target))
            events.append((fields[0], arguments))
    attributions = []
    for event_id, arguments in events:
        roles: dict[str, list[Piece]] = {"Source": [], "Cue": [], "Content": []}
        for role, target in arguments:
            found = _ROLE.match(role)
            if not found:
                continue  # the trigger (Attribution / Attribution-no-source)
            if target not in spans:
                raise BratFormatError(f"{source}: event {event_id} names {target}, which is not a span")
            roles[found.group(1)].extend(spans[target][1])
        attributions.append(
            GoldAttribution(
                id=event_id,
                source=normalise(roles["Source"]),
                cue=normalise(roles["Cue"]),
                content=normalise(roles["Content"]),
            )
        )
    return tuple(attributions)


def read_ann(path: Path) -> tuple[GoldAttribution, ...]:
    """The attributions of one .ann file."""
    return parse_ann(path.read_text(encoding="utf-8"), str(path))


def read_split(folder: Path, split: str) -> list[GoldText]:
    """Every text of ``folder/split`` with its annotations, sorted by name.

    An .ann file is ``NAME_ANNOTATOR.ann`` (the annotator id is the part after the last
    underscore); a text with no .ann file is kept with no annotations (so with nothing to find).
    """
    base = folder / split
    if not (base / "text").is_dir() or not (base / "attributions").is_dir():
        raise CorroboratorError(
            f"'{base}' has no text/ and attributions/ folders: give the polnear folder and a split "
            "such as train or dev"
        )
    by_text: dict[str, list[Annotation]] = {}
    for path in sorted((base / "attributions").glob("*.ann")):
        name, _, annotator = path.stem.rpartition("_")
        by_text.setdefault(name, []).append(Annotation(annotator, read_ann(path)))
    texts = []
    for path in sorted((base / "text").glob("*.txt")):
        with path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        texts.append(GoldText(path.stem, text, tuple(by_text.pop(path.stem, []))))
    if by_text:
        orphan = sorted(by_text)[0]
        raise CorroboratorError(f"'{base}/attributions' has annotations of '{orphan}', which has no text")
    return texts
