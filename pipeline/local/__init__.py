"""The local engine: an optimisation of Beam's in-process runner only. Worker processes (``pool``) run the tasks of
:mod:`pipeline.work` beside the single-threaded runner, exact copies are worked on once (``memo``), and the garbage
collector is tuned for batch work (``collector``). ``run.local_processes: 0`` switches it off; other runners never
start it. The text and dedup code does not know it exists."""
