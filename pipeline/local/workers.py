"""The local worker pool as the DoFns see it: one :class:`~pipeline.local.pool.LocalPool` per process, shared by every
step that uses it (Beam's ``Shared``), so that a run starts one set of worker processes, not one per step."""

from __future__ import annotations

from apache_beam.utils.shared import Shared

from pipeline.local.pool import LocalPool


class Workers:
    """What a DoFn carries (picklable): how many local worker processes to use (0: work inline) and the handle of
    the pool its process shares. Call :meth:`pool` in ``DoFn.setup``."""

    def __init__(self, processes: int = 0) -> None:
        self.processes = processes
        self._handle = Shared()

    def pool(self) -> LocalPool | None:
        """This process's pool, or None to work inline."""
        if self.processes < 1:
            return None
        return self._handle.acquire(lambda: LocalPool(self.processes))
