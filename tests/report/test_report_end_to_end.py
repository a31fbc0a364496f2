"""report.html of the seeds run: parsed, every number in it equals summary.json; the samples show what was cut."""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.cli.commands import main
from tests.conftest import IN_MEMORY, SEEDS


class ReportParser(HTMLParser):
    """Collects every element carrying a ``data-path`` (its value: ``data-value`` or its text), all text, and tags."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: list[tuple[list[str], int]] = []
        self.derived: dict[str, int] = {}
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._open: list[tuple[str, list[str] | None, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        path = json.loads(attributes["data-path"]) if "data-path" in attributes else None
        if path is not None and "data-value" in attributes:
            self.numbers.append((path, int(attributes["data-value"])))
            path = None
        self._open.append((tag, path, attributes.get("data-derived")))
        self._buffer = ""

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._open.pop()

    def handle_data(self, data):
        self.text.append(data)
        self._buffer = getattr(self, "_buffer", "") + data

    def handle_endtag(self, tag):
        while self._open:
            open_tag, path, derived = self._open.pop()
            if path is not None:
                self.numbers.append((path, int(self._buffer.replace(",", ""))))
            if derived is not None:
                self.derived[derived] = int(self._buffer.replace(",", ""))
            if open_tag == tag:
                break


def _resolve(summary: dict, path: list[str]) -> int:
    node = summary
    for key in path[:-1]:
        node = node[key]
    return node.get(path[-1], 0)  # an empty histogram bucket has no counter


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("report") / "out"
    assert main(["run", "--input", str(SEEDS), "--output", str(output), "--quiet", *IN_MEMORY]) == 0
    return output


@pytest.fixture(scope="module")
def parsed(seeds_run) -> ReportParser:
    parser = ReportParser()
    parser.feed((seeds_run / "report.html").read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def summary(seeds_run) -> dict:
    return json.loads((seeds_run / "summary.json").read_text())


def test_every_number_in_the_report_equals_summary_json(parsed, summary):
    assert len(parsed.numbers) > 50
    mismatches = [(path, shown) for path, shown in parsed.numbers if _resolve(summary, path) != shown]
    assert mismatches == []


def test_the_report_shows_the_funnel_rules_sites_and_histograms_of_the_run(parsed, summary):
    shown = {tuple(path): n for path, n in parsed.numbers}
    assert shown[("counts", "read")] == 9
    assert shown[("counts", "kept")] == 4
    assert shown[("counters", "cleaned:articles")] == 7
    assert shown[("counts", "duplicates", "exact")] == 1
    assert shown[("counts", "duplicates", "near")] == 2
    assert parsed.derived["rejected"] == 2  # read 9 - cleaned 7: one invalid JSON line, one empty after cleaning
    assert {path[1] for path in shown if path[0] == "lines_removed"} == set(summary["lines_removed"])
    assert {path[2] for path in shown if path[:2] == ("counts", "rejected")} == set(summary["counts"]["rejected"])
    chars_histogram = {path[1]: n for path, n in shown.items() if path[1].startswith("hist:chars-removed:")}
    assert sum(chars_histogram.values()) == 7  # one bucket per cleaned article
    similarity = {path[1]: n for path, n in shown.items() if path[1].startswith("hist:similarity:")}
    assert sum(similarity.values()) == 2  # the two near duplicates
    by_site = {path[1]: n for path, n in shown.items() if path[1].startswith("line-removed-by-site:")}
    assert sum(by_site.values()) == sum(summary["lines_removed"].values())
    assert "line-removed-by-site:accra_daily_mirror:dateline" in by_site


def test_the_report_is_self_contained(seeds_run, parsed):
    page = (seeds_run / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page
    assert {tag for tag, _ in parsed.tags}.isdisjoint({"link", "img", "iframe", "object", "embed"})
    assert page.count("http://") == page.count('xmlns="http://www.w3.org/2000/svg"')  # only the SVG namespace
    assert "https://" not in page
    assert len(page.encode("utf-8")) < 200_000


def test_the_seed_article_sample_strikes_through_its_removed_lines_with_their_rules(seeds_run):
    page = (seeds_run / "report.html").read_text(encoding="utf-8")
    assert "<code>seed-article</code>" in page
    assert '<s>Advertisement</s><span class="rule" style="background:' in page
    assert ">ad_marker</span>" in page
    assert "<s>Connect With Us : 0242202447 | 0551484843 | 0266361755 | 059 199 7513 |</s>" in page
    assert ">contact_footer</span>" in page


def test_the_report_shows_a_duplicate_cluster_side_by_side_and_reject_examples(seeds_run):
    page = (seeds_run / "report.html").read_text(encoding="utf-8")
    assert "Cluster of <code>seed-article</code>" in page
    assert "feed/kerry-moscow-accra" in page and '<span class="badge near">near 0.' in page
    assert "Cluster of <code>markets-oil-prices</code>" in page and '<span class="badge exact">exact' in page
    assert "<code>feed.jsonl:4</code>: not valid JSON" in page
    assert "<code>feed/empty-after-cleaning</code>: 0 words left after cleaning" in page


def test_no_sample_file_is_left_in_the_output(seeds_run):
    assert not (seeds_run / "samples.json").exists()
    assert not list(seeds_run.parent.glob(".out.newsclean-tmp-*"))
