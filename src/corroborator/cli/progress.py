"""Progress bars: one per stage, named, with counts, rate and time left, never past the end.

A stage's total is what it had to do when it started (the runner says so then); if it ends up
doing more (another run handed work back) the total grows with it, and if it does less
(another run took some) the bar is closed at what was done, so a bar never reads 84/80.
"""

from __future__ import annotations

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from corroborator.cli.common import console


class RateColumn(ProgressColumn):
    """Items a second, once there is enough to say."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f}/s" if speed else "", style="progress.data.speed")


def bars() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=console,
        transient=True,  # the summary lines that follow say what each stage did
    )


class StageBars:
    """The runner's ``on_stage`` and ``on_progress`` as one bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, TaskID] = {}
        self.current: str | None = None

    def start(self, stage: str, pending: int) -> None:
        self.close()
        self.tasks[stage] = self.progress.add_task(stage, total=pending)
        self.current = stage

    def advance(self, stage: str, n: int) -> None:
        if stage not in self.tasks:  # a stage the runner did not announce
            self.start(stage, 0)
        task = self.progress.tasks[self.tasks[stage]]
        if task.total is not None and task.completed + n > task.total:
            self.progress.update(task.id, total=task.completed + n)
        self.progress.advance(task.id, n)

    def close(self) -> None:
        """End the current stage's bar at what it did."""
        if self.current is not None:
            task = self.progress.tasks[self.tasks[self.current]]
            self.progress.update(task.id, total=task.completed)
            self.current = None
