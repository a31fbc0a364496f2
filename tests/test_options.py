"""RunOptions (pipeline/job/options.py): one view per options class, and copies and pickles that stay whole."""

import copy
import pickle

from apache_beam.options.pipeline_options import DirectOptions, PipelineOptions, StandardOptions, TypeOptions

from pipeline.job.options import RunOptions
from pipeline.job.run import pipeline_options


def test_the_run_makes_each_view_once():
    options = pipeline_options([])
    assert isinstance(options, RunOptions)
    assert options.view_as(TypeOptions) is options.view_as(TypeOptions)
    assert options.view_as(StandardOptions).runner == "FnApiRunner"
    assert options.view_as(DirectOptions).direct_running_mode == "in_memory"


def test_views_agree_with_plain_options():
    flags = ["--runner=FnApiRunner", "--direct_running_mode=multi_processing", "--direct_num_workers=2"]
    ours, plain = RunOptions(flags), PipelineOptions(flags)
    for cls in (StandardOptions, DirectOptions, TypeOptions):
        assert ours.view_as(cls).get_all_options() == plain.view_as(cls).get_all_options()


def test_a_value_set_through_one_view_is_seen_by_every_view():
    options = RunOptions(["--runner=FnApiRunner"])
    options.view_as(DirectOptions).direct_num_workers = 3
    assert options.view_as(DirectOptions).direct_num_workers == 3
    assert PipelineOptions.view_as(options, DirectOptions).direct_num_workers == 3
    assert options.get_all_options()["direct_num_workers"] == 3


def test_copies_and_pickles_have_their_own_values():
    options = RunOptions(["--runner=FnApiRunner"])
    options.view_as(DirectOptions).direct_num_workers = 2
    for other in (copy.deepcopy(options), pickle.loads(pickle.dumps(options))):
        assert other.view_as(DirectOptions).direct_num_workers == 2
        other.view_as(DirectOptions).direct_num_workers = 5
        assert options.view_as(DirectOptions).direct_num_workers == 2
