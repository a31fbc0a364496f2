"""The run's Beam options: Beam's ``PipelineOptions``, with each view made once.

Beam asks a pipeline's options for a view (``options.view_as(TypeOptions)``) for every transform it applies and every
type hint it checks, and each view builds an ``argparse`` parser of its class's flags and parses the run's flags again
(~0.2 ms). This pipeline's ~390 transforms made ~1,800 views: 0.37 s of every run's start-up, whatever its size. A
view holds no values of its own (they live in a dict shared by all views of the options), so one view per options
class serves every call.
"""

from __future__ import annotations

from typing import Any, TypeVar

from apache_beam.options.pipeline_options import PipelineOptions

View = TypeVar("View", bound=PipelineOptions)


class RunOptions(PipelineOptions):
    """``PipelineOptions`` whose :meth:`view_as` returns one view per options class, made on the first call.

    >>> from apache_beam.options.pipeline_options import StandardOptions
    >>> options = RunOptions(["--runner=FnApiRunner"])
    >>> options.view_as(StandardOptions) is options.view_as(StandardOptions)
    True
    >>> options.view_as(StandardOptions).runner = "DirectRunner"
    >>> PipelineOptions.view_as(options, StandardOptions).runner   # a fresh view sees it: the values are shared
    'DirectRunner'
    """

    def view_as(self, cls: type[View]) -> View:
        # Set through __dict__: PipelineOptions.__setattr__ accepts only option names.
        views: dict[type[Any], Any] = self.__dict__.setdefault("_views", {})
        view = views.get(cls)
        if view is None:
            view = views[cls] = super().view_as(cls)
        return view

    def __getstate__(self) -> dict[str, Any]:
        # Copies (Beam deep-copies a pipeline's options) and pickles make their own views, over their own values.
        state = dict(super().__getstate__())
        state.pop("_views", None)
        return state
