"""Step progress of an in-process run, read from the instance's event log as it is written.

``execute_in_process`` blocks and takes no callback, so a daemon thread polls the run's
step events (the same ones the UI shows) and reports each finished step once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import dagster as dg

FINISHED = {
    dg.DagsterEventType.STEP_SUCCESS,
    dg.DagsterEventType.STEP_FAILURE,
    dg.DagsterEventType.STEP_SKIPPED,
}
OnStep = Callable[[str, str], None]  # (step key, "STEP_SUCCESS" | "STEP_FAILURE" | ...)


class StepWatcher(threading.Thread):
    """Calls ``on_step`` for every step of ``run_id`` that finishes, until stopped."""

    def __init__(
        self, instance: dg.DagsterInstance, run_id: str, on_step: OnStep, interval: float = 0.5
    ) -> None:
        super().__init__(name=f"steps-{run_id[:8]}", daemon=True)
        self._instance, self._run_id, self._on_step = instance, run_id, on_step
        self._interval = interval
        self._stopped = threading.Event()
        self._cursor: str | None = None

    def run(self) -> None:
        while not self._stopped.wait(self._interval):
            self._poll()

    def stop(self) -> None:
        """Stop polling, then report what the run wrote since the last poll."""
        self._stopped.set()
        self.join()
        self._poll()

    def _poll(self) -> None:
        try:
            connection = self._instance.get_records_for_run(
                self._run_id, cursor=self._cursor, of_type=FINISHED
            )
        except Exception:  # the run is writing; the next poll catches up
            return
        self._cursor = connection.cursor
        for record in connection.records:
            entry = record.event_log_entry
            if entry.step_key and entry.dagster_event is not None:
                self._on_step(entry.step_key, entry.dagster_event.event_type_value)
