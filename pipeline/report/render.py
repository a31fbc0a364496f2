"""``report.html``: one self-contained page (inline CSS and SVG, no scripts, no network) showing what a run did.

Every number is printed from ``summary.json`` and carries a ``data-path`` attribute (a JSON list of keys into the
summary) so that tests, and anyone scripting over reports, can check it against the summary. The page holds nothing
that depends on the runner, the timing or the input paths, so the same input and config give the same bytes.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.report.data import (
    CLUSTER_TEXT_CHARS,
    MAX_PAIRS_SHOWN,
    Bar,
    Cluster,
    ClusterMember,
    Column,
    Stack,
    Step,
    article_samples,
    chars_histogram,
    clusters,
    funnel,
    reject_rows,
    rule_bars,
    similarity_histogram,
    site_stacks,
    word_diff,
)
from pipeline.report.samples import CLEANING, TITLE_MARK, fix_name

REPORT_FILE = "report.html"
# Chart geometry (pixels).
LABEL_WIDTH = 230
BAR_WIDTH = 560
ROW_HEIGHT = 22
COLUMN_CHART_WIDTH = 880
COLUMN_CHART_HEIGHT = 200
# Categorical colours (Tableau 10, then ColorBrewer Dark2, then light ones of Tableau 20); rules are coloured by their
# sorted name, so one rule has one colour in every chart of a report. There are more colours than removal labels (13
# rules, the headline's two, page text and learned lines: 17), so no two rules of a report share one: with 14, a run
# that removed lines by 16 labels drew ad_marker and site_navigation alike in each site's bar.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#66a61e",
    "#a0cbe8",
    "#ffbe7d",
    "#8cd17d",
    "#d37295",
)
STAGE_COLOUR, DROP_COLOUR, HIST_COLOUR = "#4e79a7", "#e15759", "#4e79a7"
# Articles whose before/after is expanded when the page opens; the rest are one click away.
OPEN_ARTICLES = 3

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:36px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.sub{color:#555;margin:0 0 16px}.note{color:#666;font-size:12.5px;margin:4px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:14px 0}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:120px}
.card b{display:block;font-size:22px}.card span{color:#555;font-size:12.5px}
svg text{font:12px system-ui,sans-serif;fill:#222}svg .axis{fill:#555;font-size:11px}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:12px;margin:6px 0}
.legend i{display:inline-block;width:11px;height:11px;margin-right:4px;vertical-align:-1px;border-radius:2px}
details.sample{border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:0 12px}
details.sample>summary{cursor:pointer;padding:8px 0;font-size:13px}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:18px;margin-bottom:12px}
.cols h4{margin:4px 0;font-size:12px;font-weight:600;color:#555}
.cols p{margin:0 0 6px;font-size:13px;white-space:pre-wrap;overflow-wrap:anywhere}
.lines p{margin:0}.lines p.gap{height:8px}
.scroll{max-height:440px;overflow:auto;padding-right:6px}
p.removed{color:#999}p.removed s{text-decoration-color:#c00}
p.moved{color:#555;font-style:italic}p.title{font-weight:600;font-size:14px}
.rule{display:inline-block;font-size:11px;color:#fff;border-radius:3px;padding:0 5px;margin-left:6px;
  font-style:normal;vertical-align:1px}
code{font-size:12.5px;background:#f1f1f4;padding:0 3px;border-radius:3px}
.cluster{border:1px solid #ddd;border-radius:6px;margin:12px 0;padding:8px 12px}
.cluster .cols p{font-size:12.5px}.cluster mark{background:#ffe08a}
.badge{display:inline-block;font-size:11.5px;border-radius:3px;padding:0 6px;background:#eee;margin-left:6px}
.badge.exact{background:#d6e4f0}.badge.near{background:#fde2c8}.badge.kept{background:#d9f0d3}
table{border-collapse:collapse;width:100%;font-size:13px}
td,th{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#fafafa}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
"""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def path_attr(*path: str) -> str:
    """The ``data-path`` attribute locating a number in summary.json.

    >>> path_attr("counts", "read")
    'data-path="[&quot;counts&quot;, &quot;read&quot;]"'
    """
    return f'data-path="{esc(json.dumps(list(path)))}"'


def colours(names: Iterable[str]) -> dict[str, str]:
    """A stable colour per name (by sorted order), cycling through the palette.

    >>> colours(["b", "a"])
    {'a': '#4e79a7', 'b': '#f28e2b'}
    """
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(sorted(set(names)))}


def rule_colour(colour_of: Mapping[str, str], label: str) -> str:
    """The colour of a removed line's label: its rule's, also when the label carries the rule's reason
    ("chrome[ad/fr]" is coloured as "chrome"); grey for anything else.

    >>> rule_colour({"chrome": "#4e79a7"}, "chrome[ad/fr]"), rule_colour({}, "learned_boilerplate")
    ('#4e79a7', '#777')
    """
    return colour_of.get(label.split("[", 1)[0], "#777")


def _scale(value: int, largest: int, width: float) -> float:
    return 0.0 if largest <= 0 else max(1.0 if value else 0.0, value / largest * width)


def funnel_chart(steps: Sequence[Step]) -> str:
    largest = max((s.value for s in steps), default=0)
    rows = []
    for i, step in enumerate(steps):
        y = i * (ROW_HEIGHT + 4)
        width = _scale(step.value, largest, BAR_WIDTH)
        colour = DROP_COLOUR if step.drop else STAGE_COLOUR
        label = f"− {step.label}" if step.drop else step.label
        opacity = ' opacity="0.75"' if step.drop else ""
        path = _funnel_path(step)
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{esc(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{width:.1f}" height="{ROW_HEIGHT - 4}" '
            f'fill="{colour}"{opacity}/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}" {path}>{step.value:,}</text>'
        )
    height = len(steps) * (ROW_HEIGHT + 4)
    return _svg(LABEL_WIDTH + BAR_WIDTH + 90, height, rows, "Funnel from records read to articles kept")


def _funnel_path(step: Step) -> str:
    if step.key in ("read", "kept"):
        return path_attr("counts", step.key)
    if step.key == "cleaned":
        return path_attr("counters", "cleaned:articles")
    if step.drop and step.key not in ("rejected", "rejected-dedup"):
        return path_attr("counts", "duplicates", step.key)
    return f'data-derived="{esc(step.key)}"'


def bar_chart(bars: Sequence[Bar], path: Sequence[str], colour_of: Mapping[str, str], title: str) -> str:
    largest = max((b.value for b in bars), default=0)
    rows = []
    for i, bar in enumerate(bars):
        y = i * ROW_HEIGHT
        width = _scale(bar.value, largest, BAR_WIDTH)
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{esc(bar.label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width:.1f}" height="{ROW_HEIGHT - 6}" '
            f'fill="{colour_of.get(bar.key, STAGE_COLOUR)}"/>'
            f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + 15}" {path_attr(*path, bar.key)}>{bar.value:,}</text>'
        )
    return _svg(LABEL_WIDTH + BAR_WIDTH + 90, len(bars) * ROW_HEIGHT, rows, title)


def stacked_chart(stacks: Sequence[Stack], colour_of: Mapping[str, str], title: str) -> str:
    largest = max((s.total for s in stacks), default=0)
    rows = []
    for i, stack in enumerate(stacks):
        y = i * ROW_HEIGHT
        x = float(LABEL_WIDTH)
        rows.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end">{esc(stack.label)}</text>')
        for rule, n in stack.segments:
            width = n / largest * BAR_WIDTH if largest else 0.0
            counter = f"line-removed-by-site:{stack.key}:{rule}"
            rows.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{ROW_HEIGHT - 6}" '
                f'fill="{colour_of.get(rule, STAGE_COLOUR)}" {path_attr("counters", counter)} data-value="{n}">'
                f"<title>{esc(stack.label)}: {esc(rule)} {n:,}</title></rect>"
            )
            x += width
        rows.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{stack.total:,}</text>')
    return _svg(LABEL_WIDTH + BAR_WIDTH + 90, len(stacks) * ROW_HEIGHT, rows, title)


def column_chart(
    columns: Sequence[Column],
    counter_prefix: str,
    colour_of: Mapping[str, str],
    title: str,
    marker: tuple[float, float, str] | None = None,
    label_every: int = 1,
    edge_labels: bool = False,
) -> str:
    """A histogram. ``marker`` is (value, width of one bucket in value units, label), drawn as a dashed line.
    ``edge_labels`` puts each label at its bucket's left edge (a continuous axis) instead of under its middle."""
    plot_left, plot_bottom, plot_top = 48, COLUMN_CHART_HEIGHT - 28, 26
    slot = (COLUMN_CHART_WIDTH - plot_left - 10) / max(1, len(columns))
    largest = max((c.total for c in columns), default=0)
    parts = [
        f'<line x1="{plot_left}" y1="{plot_bottom}" x2="{COLUMN_CHART_WIDTH - 10}" y2="{plot_bottom}" stroke="#999"/>',
        f'<text class="axis" x="{plot_left - 6}" y="{plot_top + 4}" text-anchor="end">{largest:,}</text>',
        f'<text class="axis" x="{plot_left - 6}" y="{plot_bottom}" text-anchor="end">0</text>',
    ]
    for i, column in enumerate(columns):
        x = plot_left + i * slot
        y = float(plot_bottom)
        for series, n in column.series:
            height = n / largest * (plot_bottom - plot_top) if largest else 0.0
            y -= height
            parts.append(
                f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{slot - 4:.1f}" height="{height:.1f}" '
                f'fill="{colour_of.get(series, HIST_COLOUR)}" '
                f'{path_attr("counters", counter_prefix + _series_key(series, column.key))} data-value="{n}">'
                f"<title>{esc(column.label)} ({esc(series)}): {n:,}</title></rect>"
            )
        if column.total:
            centre = x + slot / 2
            parts.append(
                f'<text class="axis" x="{centre:.1f}" y="{y - 3:.1f}" text-anchor="middle">{column.total:,}</text>'
            )
        if i % label_every == 0:
            label_x = x if edge_labels else x + slot / 2
            parts.append(
                f'<text class="axis" x="{label_x:.1f}" y="{plot_bottom + 15}" text-anchor="middle">'
                f"{esc(column.label)}</text>"
            )
    if marker is not None:
        value, bucket_width, label = marker
        x = plot_left + value / bucket_width * slot
        parts.append(
            f'<line x1="{x:.1f}" y1="{plot_top - 6}" x2="{x:.1f}" y2="{plot_bottom}" stroke="#c00" '
            'stroke-dasharray="5,3" stroke-width="1.5"/>'
            f'<text x="{x + 5:.1f}" y="{plot_top + 2}" fill="#c00" style="fill:#c00">{esc(label)}</text>'
        )
    return _svg(COLUMN_CHART_WIDTH, COLUMN_CHART_HEIGHT, parts, title)


def _series_key(series: str, bucket: str) -> str:
    return bucket if series == "articles" else f"{series}:{bucket}"


def _svg(width: float, height: float, parts: Sequence[str], title: str) -> str:
    if not parts:
        return '<p class="note">(nothing to show)</p>'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{esc(title)}">{"".join(parts)}</svg>'
    )


def legend(colour_of: Mapping[str, str]) -> str:
    items = "".join(f'<span><i style="background:{c}"></i>{esc(name)}</span>' for name, c in colour_of.items())
    return f'<div class="legend">{items}</div>'


def card(value: int, label: str, path: Sequence[str] | None) -> str:
    attr = path_attr(*path) if path else 'data-derived="total"'
    return f'<div class="card"><b {attr}>{value:,}</b><span>{esc(label)}</span></div>'


def article_html(sample: Mapping[str, Any], colour_of: Mapping[str, str], is_open: bool) -> str:
    rules = sample["removed_rules"]
    removed = f"{len(rules)} line{'' if len(rules) == 1 else 's'} removed"
    if rules:
        removed += " (" + ", ".join(sorted(set(rules))) + ")"
    fixes = ", ".join(sample["fixes"]) or "none"
    outcome = "" if sample["outcome"] == "cleaned" else f" · <b>rejected: {esc(sample['outcome'])}</b>"
    head = (
        f"<code>{esc(sample['id'])}</code> · {esc(sample['site'])}{outcome} · {esc(removed)} · "
        f"{sample['original_chars']:,} → {sample['cleaned_chars']:,} characters · Unicode fixes: {esc(fixes)}"
    )
    before = []
    for line, rule in sample["lines"]:
        if rule == TITLE_MARK:
            before.append(f'<p class="moved">{esc(line)}<span class="rule" style="background:#777">→ title</span></p>')
        elif rule:
            before.append(
                f'<p class="removed"><s>{esc(line)}</s>'
                f'<span class="rule" style="background:{rule_colour(colour_of, rule)}">{esc(rule)}</span></p>'
            )
        elif line:
            before.append(f"<p>{esc(line)}</p>")
        else:
            before.append('<p class="gap"></p>')
    for line, rule in sample["unmatched"]:
        before.append(
            f'<p class="removed"><s>{esc(line)}</s><span class="rule" style="background:'
            f'{rule_colour(colour_of, rule)}">{esc(rule)} (inside a rejoined paragraph or markup)</span></p>'
        )
    after = [f'<p class="title">{esc(sample["title"])}</p>'] if sample["title"] else []
    after += [f"<p>{esc(paragraph)}</p>" for paragraph in sample["text"].split("\n\n") if paragraph]
    if sample["input_title"]:
        before.insert(0, f'<p class="title">title field: {esc(sample["input_title"])}</p>')
    return (
        f'<details class="sample"{" open" if is_open else ""}><summary>{head}</summary><div class="cols">'
        f"<div><h4>Before (input lines; struck through: removed, with the rule)</h4>"
        f'<div class="scroll lines">{"".join(before)}</div></div>'
        f'<div><h4>After (title and cleaned text)</h4><div class="scroll">{"".join(after)}</div></div></div></details>'
    )


def _diff_html(marked: Sequence[tuple[str, bool]], limit: int = CLUSTER_TEXT_CHARS) -> str:
    """The marked words as paragraphs, words only in this text highlighted, cut after about ``limit`` characters."""
    out = []
    shown = 0
    for token, differs in marked:
        if shown > limit:
            out.append("[…]")
            break
        shown += len(token) + 1
        if token == "\n\n":
            out.append("</p><p>")
        elif differs:
            out.append(f"<mark>{esc(token)}</mark> ")
        else:
            out.append(esc(token) + " ")
    return "<p>" + "".join(out) + "</p>"


def _words(n: int) -> str:
    """A count of words.

    >>> _words(1), _words(1200)
    ('1 word', '1,200 words')
    """
    return f"{n:,} word{'' if n == 1 else 's'}"


def _badge(member: ClusterMember) -> str:
    if member.match == "kept":
        return '<span class="badge kept">linked, but kept: not similar enough to the kept article</span>'
    similarity = "" if member.similarity is None else f" {member.similarity:.4f}"
    return f'<span class="badge {esc(member.match)}">{esc(member.match)}{similarity}</span>'


def cluster_html(cluster: Cluster) -> str:
    root = cluster.root
    pairs = [m for m in cluster.members if m.match != "exact"][:MAX_PAIRS_SHOWN]
    rows = []
    for member in pairs:
        left, right = word_diff(root["text"], member.text)
        only_left, only_right = sum(d for w, d in left if w != "\n\n"), sum(d for w, d in right if w != "\n\n")
        rows.append(
            f'<p class="note">{_words(only_left)} only in the kept text, {_words(only_right)} only in '
            f"<code>{esc(member.id)}</code> (whole texts compared; the first {CLUSTER_TEXT_CHARS:,} characters "
            "shown)</p>"
        )
        rows.append(
            f'<div class="cols"><div><h4>kept: <code>{esc(root["id"])}</code> · {esc(root["site"])}</h4>'
            f'<p class="title">{esc(root["title"] or "")}</p>{_diff_html(left)}</div>'
            f"<div><h4><code>{esc(member.id)}</code> · {esc(member.site)} {_badge(member)}</h4>"
            f'<p class="title">{esc(member.title or "")}</p>{_diff_html(right)}</div></div>'
        )
    listed = ", ".join(f"<code>{esc(m.id)}</code> ({esc(m.site)}) {_badge(m)}" for m in cluster.members)
    more = cluster.total_members - len(cluster.members)
    extra = f" and {more} more" if more > 0 else ""
    compared = " Side by side: highlighted words are in only one of the two texts." if rows else " All exact copies."
    return (
        f'<div class="cluster"><b>Cluster of <code>{esc(root["id"])}</code></b> ({esc(root["site"])}): '
        f"{cluster.total_members} dropped or linked member{'' if cluster.total_members == 1 else 's'}: "
        f"{listed}{extra}.{compared}{''.join(rows)}</div>"
    )


def render_report(summary: Mapping[str, Any], samples: Sequence[Mapping[str, Any]], rate: float) -> str:
    """The whole page for one run."""
    counts, counters, config = summary["counts"], summary["counters"], summary["config"]
    dedup = config["dedup"]
    rules = rule_bars(summary)
    stacks = site_stacks(counters)
    rule_colour = colours([*config["cleaning"]["rules"], *(b.key for b in rules)])
    steps = funnel(summary)
    total_dups = sum(counts["duplicates"].values())
    total_rejected = sum(counts["rejected"].values())
    chars = summary["characters"]
    change = (chars["cleaned"] - chars["input"]) / chars["input"] * 100 if chars["input"] else 0.0
    shown = article_samples(samples)
    # Expanded when the page opens: the first few that had lines removed (the order stays the seeded one).
    opened = {sample["id"] for sample in [s for s in shown if s["removed_rules"]][:OPEN_ARTICLES]}
    sampled = sum(1 for s in samples if s["kind"] == CLEANING)
    sim_columns = similarity_histogram(counters)
    kind_colour = {kind: PALETTE[(i + 1) % len(PALETTE)] for i, (kind, _) in enumerate(sim_columns[0].series)}
    threshold = float(dedup.get("threshold", 0.0))
    if dedup.get("enabled", True):
        dedup_line = (
            f"dedup on: threshold {threshold}, {dedup.get('shingle_size')}-word shingles, "
            f"{dedup.get('num_perm')} permutations"
        )
    else:
        dedup_line = "dedup off (--no-dedup or dedup.enabled: false)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
        f"<title>newsclean run report</title><style>{CSS}</style></head><body><main>",
        "<h1>newsclean run report</h1>",
        f'<p class="sub">newsclean {esc(summary.get("newsclean_version", "?"))} · {esc(dedup_line)} · '
        f"{len(config['cleaning']['rules'])} cleaning rules · sampling rate {rate:.2%} of articles "
        f"({sampled:,} articles sampled, {len(shown)} shown). "
        "Timings, runner, inputs and every counter: <code>summary.json</code>.</p>",
        '<div class="cards">',
        card(counts["read"], "records read", ("counts", "read")),
        card(counts["kept"], "articles kept", ("counts", "kept")),
        card(total_dups, "duplicates dropped", None),
        card(total_rejected, "records rejected", None),
        card(sum(summary["lines_removed"].values()), "lines removed", None),
        f'<div class="card"><b>{change:+.1f}%</b><span>characters: <span {path_attr("characters", "input")}>'
        f"{chars['input']:,}</span> → <span {path_attr('characters', 'cleaned')}>{chars['cleaned']:,}</span>"
        "</span></div>",
        "</div>",
        "<h2>Funnel</h2>",
        '<p class="note">Every record read ends in exactly one of kept, duplicates and rejects '
        f"(accounting balanced: {'yes' if summary['accounting']['balanced'] else 'NO'}).</p>",
        funnel_chart(steps),
        "<h2>Lines removed per rule</h2>",
        bar_chart(rules, ("lines_removed",), rule_colour, "Lines removed per rule"),
        "<h2>Lines removed per site</h2>",
        '<p class="note">Site: the <code>source</code> field, else the URL host, else (unknown). The sites with most '
        "removals are named; the others are summed under (other sites).</p>",
        stacked_chart(stacks, rule_colour, "Lines removed per site and rule"),
        legend({rule: c for rule, c in rule_colour.items() if any(rule == r for s in stacks for r, _ in s.segments)}),
        "<h2>Characters removed per article</h2>",
        f'<p class="note">Cleaned articles by characters removed (input length − cleaned body length; the headline '
        f"moved to the title counts as removed from the body). {counters.get('cleaned:articles', 0):,} articles.</p>",
        column_chart(chars_histogram(counters), "hist:chars-removed:", {}, "Characters removed per article"),
        "<h2>Similarity of duplicate matches</h2>",
    ]
    if dedup.get("enabled", True):
        parts += [
            f'<p class="note">Near-duplicate matches (and other non-exact kinds) by similarity with the kept article, '
            f"against the threshold {threshold}; exact copies ({counts['duplicates'].get('exact', 0):,}) are not "
            "shown.</p>",
            column_chart(
                sim_columns,
                "hist:similarity:",
                kind_colour,
                "Similarity of duplicate matches",
                marker=(threshold, 0.05, f"threshold {threshold}"),
                label_every=2,
                edge_labels=True,
            ),
            legend(kind_colour) if len(kind_colour) > 1 else "",
        ]
    else:
        parts.append('<p class="note">Dedup was off for this run.</p>')
    fixes = summary.get("normalization", {})
    parts += [
        "<h2>Unicode fixes</h2>",
        '<p class="note">Articles each fix changed.</p><table><tr><th>fix</th><th>articles</th></tr>',
        *(
            f'<tr><td>{esc(fix_name(fix))} <code>{esc(fix)}</code></td><td class="n" '
            f"{path_attr('normalization', fix)}>{n:,}</td></tr>"
            for fix, n in sorted(fixes.items(), key=lambda item: (-item[1], item[0]))
        ),
        "</table>" if fixes else '</table><p class="note">None.</p>',
        "<h2>Sample articles, before and after</h2>",
        f'<p class="note">A seeded sample (by a hash of the id), {len(shown)} of {sampled:,} sampled articles.</p>',
        *(article_html(sample, rule_colour, sample["id"] in opened) for sample in shown),
        "<h2>Sample duplicate clusters</h2>",
    ]
    sample_clusters = clusters(samples)
    if sample_clusters:
        parts += [cluster_html(cluster) for cluster in sample_clusters]
    else:
        parts.append('<p class="note">No sampled article has duplicates.</p>')
    parts += [
        "<h2>Rejects by reason</h2>",
        "<table><tr><th>reason</th><th>records</th><th>examples</th></tr>",
        *(
            f'<tr><td><code>{esc(row.reason)}</code></td><td class="n" {path_attr("counts", "rejected", row.reason)}>'
            f"{row.count:,}</td><td>"
            + "<br>".join(f"<code>{esc(rid)}</code>: {esc(detail)}" for rid, detail in row.examples)
            + "</td></tr>"
            for row in reject_rows(summary, samples)
        ),
        "</table>",
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
