"""Bad input through the real CLI: for each kind of damaged input, what newsclean did with it.

Builds a corpus of the kinds of broken input scrapers produce (bad encodings, empty and binary files, broken JSON
lines, duplicate ids, truncated gzip, a 50 MB article), runs ``python -m pipeline run`` on it and prints, per kind,
where each record ended (kept / duplicate / rejected with which reason) next to what was expected, whether the
run's accounting held (read = kept + duplicates + rejected) and how many rejects keep their record (to recover it).
``write_bad_corpus`` is also used by the tests.

    python benchmarks/bad_input.py [--workdir DIR] [--big-mb 50]
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BODY = (
    "The council approved a new budget on Tuesday after a long debate about parking charges and waste collection. "
    "Opposition members said the changes would hit older residents hardest, while the leader defended the plan."
)
WORDS = (
    "river council budget school harbour festival railway museum hospital bridge market library election storm "
    "farmers teachers drivers nurses fishermen students announced delayed approved rejected opened closed "
    "repaired expanded on monday tuesday friday after before during the week a report new old local national"
).split()


def story(seed: int, sentences: int = 6) -> str:
    """A distinct, article-like body for each seed, so that valid cases are not near duplicates of each other."""
    rng = random.Random(seed)
    return " ".join(
        " ".join(rng.choice(WORDS) for _ in range(14)).capitalize() + "." for _ in range(sentences)
    )


@dataclass(frozen=True)
class Case:
    """One bad input: the record id it produces and where it must end (``kept``, ``duplicate`` or a reject reason)."""

    kind: str
    record_id: str
    expected: str


def write_bad_corpus(directory: Path, big_mb: int = 50) -> list[Case]:
    """Write one file (or JSONL line) per kind of bad input into ``directory``; return the expected outcomes."""
    directory.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def txt(name: str, data: bytes, kind: str, expected: str) -> None:
        (directory / f"{name}.txt").write_bytes(data)
        cases.append(Case(kind, name, expected))

    txt("utf8-valid", f"Council agrees budget\n\n{story(1)}".encode(), "valid UTF-8 (control)", "kept")
    txt("utf8-bom", codecs.BOM_UTF8 + f"Bom headline here\n\n{story(2)} BOM.".encode(), "UTF-8 with BOM", "kept")
    txt("utf16-bom", f"Sixteen bit headline\n\n{story(3)} Sixteen.".encode("utf-16"), "UTF-16 with BOM", "kept")
    txt("utf16le-nobom", f"Little endian headline\n\n{story(4)} LE.".encode("utf-16-le"), "UTF-16-LE, no BOM", "kept")
    txt(
        "latin1",
        f"Caf\u00e9 owners protest\n\n{story(5)} Prices rose to \u00a35 at the caf\u00e9.".encode("latin-1"),
        "Latin-1 file",
        "kept",
    )
    txt(
        "utf8-stray-byte",
        f"Stray byte headline\n\n{story(6)} Caf\u00e9 culture.".encode() + b"\xff" + b" End.",
        "UTF-8 with one invalid byte",
        "kept",
    )
    txt("not-utf8", "ÿ".encode() + bytes(range(0x80, 0xC0)) * 3, "mostly invalid UTF-8", "invalid_utf8")
    txt("crlf", f"Windows line ends\r\n\r\n{story(7)} CRLF.".encode(), "CRLF line ends", "kept")
    txt("lone-cr", f"Old Mac line ends\r\r{story(8)} CR.".encode(), "lone CR line ends", "kept")
    txt("empty", b"", "empty file", "empty")
    txt("whitespace", b"  \n\t\n \xc2\xa0 \n", "whitespace-only file", "empty")
    txt("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file", "binary")
    txt("boilerplate-only", b"Advertisement\n\nShare on Facebook\n\nAll rights reserved.", "only boilerplate",
        "empty_after_cleaning")
    big = ("Big headline\n\n" + (BODY + "\n\n") * (big_mb * 1024 * 1024 // (len(BODY) + 2))).encode()
    txt("huge", big, f"{big_mb} MB single article", "too_large")

    same_id_same_text = '{"id": "dup-same", "text": "Same text\\n\\n' + story(10) + '"}'
    lines = [
        ('{"id": "json-ok", "text": "Valid headline\\n\\n' + story(9) + '"}', "json-ok", "valid JSON line", "kept"),
        ('{"id": "json-broken", "text": "cut off', "bad.jsonl:2", "broken JSON line", "invalid_json"),
        ("[1, 2, 3]", "bad.jsonl:3", "JSON line that is not an object", "not_an_object"),
        ('{"id": "no-text", "title": "T"}', "no-text", "missing text", "missing_text"),
        ('{"id": "int-text", "text": 42}', "int-text", "non-string text", "invalid_text"),
        ('{"text": "no id at all"}', "bad.jsonl:6", "missing id", "missing_id"),
        (same_id_same_text, "dup-same", "duplicate id, same text", "kept"),
        (same_id_same_text, "dup-same", "duplicate id, same text", "duplicate"),
        ('{"id": "dup-diff", "text": "First version\\n\\n' + story(11) + '"}', "dup-diff",
         "duplicate id, different text", "kept"),
        ('{"id": "dup-diff", "text": "Second version\\n\\nA completely different short story about a cat."}',
         "dup-diff", "duplicate id, different text", "duplicate_id"),
        # A text cut inside an emoji by a UTF-16 tool: a lone surrogate escape, which no UTF-8 writer takes.
        ('{"id": "cut-emoji-\\ud83d", "title": "Cut emoji \\ud83d", "text": "Cut inside an emoji \\ud83d\\n\\n'
         + story(12) + '"}', "cut-emoji-\\ud83d", "lone UTF-16 surrogate escapes (id, title, text)", "kept"),
        # Valid JSON that Python will not build, or Beam cannot pickle: each crashed the whole run.
        ('{"id": 1' + "0" * 5000 + ', "text": "x"}', "bad.jsonl:12", "id of 5,001 digits", "invalid_json"),
        ('{"id": "deep", "text": "x", "meta": ' + "[" * 990 + "]" * 990 + "}", "bad.jsonl:13",
         "passthrough field nested 990 levels", "invalid_json"),
        # NaN and numbers past a float's range: Python reads them, but they are not JSON; written as null.
        ('{"id": "not-finite", "score": NaN, "big": 1e999, "text": "Scores\\n\\n' + story(13) + '"}', "not-finite",
         "NaN and 1e999 in passthrough fields", "kept"),
    ]
    (directory / "bad.jsonl").write_text("\n".join(line for line, *_ in lines) + "\n", encoding="utf-8")
    cases += [Case(kind, record_id, expected) for _, record_id, kind, expected in lines]

    records = "".join(
        json.dumps({"id": f"gz-{i:04d}", "text": f"Story {i} headline\n\n{story(1000 + i)}"}) + "\n"
        for i in range(400)
    ).encode()
    zipped = gzip.compress(records)
    (directory / "cut.jsonl.gz").write_bytes(zipped[: len(zipped) * 2 // 3])
    cases.append(Case("truncated gzip (rest of file)", "cut.jsonl.gz:*", "truncated_gzip"))
    cases += _files_named_in_latin1(directory)
    return cases


def _files_named_in_latin1(directory: Path) -> list[Case]:
    """Files whose names are not UTF-8 (a Latin-1 name from an old scraper): read like any other, their ids showing
    the undecodable byte as ``\\xe9``. Such a name once stopped the whole run. None on a filesystem that takes only
    UTF-8 names."""
    try:
        (directory / os.fsdecode(b"caf\xe9-name.txt")).write_text(f"Latin-1 file name\n\n{story(14)}", encoding="utf-8")
        lines = ['{"id": "latin1-dir-ok", "text": "Fine line\\n\\n' + story(15) + '"}', '{"id": "cut off']
        (directory / os.fsdecode(b"d\xe9p\xeache.jsonl")).write_text("\n".join(lines) + "\n", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        return []
    return [
        Case("file name not UTF-8 (.txt)", "caf\\xe9-name", "kept"),
        Case("file name not UTF-8 (.jsonl)", "latin1-dir-ok", "kept"),
        Case("file name not UTF-8 (.jsonl)", "d\\xe9p\\xeache.jsonl:2", "invalid_json"),
    ]


def outcomes(output: Path) -> dict[str, list[str]]:
    """Where each record id ended: ``kept``, ``duplicate`` or its reject reason (a list: ids may repeat)."""
    found: dict[str, list[str]] = {}
    for prefix in ("articles", "duplicates", "rejects"):
        for path in sorted(output.glob(f"{prefix}-*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                where = {"articles": "kept", "duplicates": "duplicate"}.get(prefix) or record["reason"]
                record_id = record["id"].rsplit("/", 1)[-1]
                if record_id.startswith("cut.jsonl.gz:") and where == "truncated_gzip":
                    record_id = "cut.jsonl.gz:*"
                found.setdefault(record_id, []).append(where)
    return found


def recoverability(output: Path) -> dict[str, int]:
    """How many rejects say where their record is (``source_file``), keep it (``source_text`` or ``source_base64``)
    or say why they do not (``source_omitted``)."""
    rejects = [json.loads(line) for p in sorted(output.glob("rejects-*.jsonl")) for line in p.open(encoding="utf-8")]
    return {
        "rejects": len(rejects),
        "located": sum(r.get("source_file") is not None for r in rejects),
        "kept": sum("source_text" in r or "source_base64" in r for r in rejects),
        "omitted": sum("source_omitted" in r for r in rejects),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "benchmarks" / ".work" / "bad_input")
    parser.add_argument("--big-mb", type=int, default=50)
    args = parser.parse_args()
    corpus, output = args.workdir / "corpus", args.workdir / "output"
    cases = write_bad_corpus(corpus, args.big_mb)
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", "--input", str(corpus), "--output", str(output),
         "--runner=DirectRunner", "--direct_running_mode=in_memory"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    seconds = time.monotonic() - started
    if completed.returncode != 0:
        print(completed.stderr, file=sys.stderr)
        print(f"newsclean failed with exit code {completed.returncode}", file=sys.stderr)
        return 1
    found = outcomes(output)
    summary = json.loads((output / "summary.json").read_text())
    print(f"{'kind of bad input':34s} {'record':18s} {'expected':22s} {'got':22s}")
    passed = 0
    remaining = {key: list(value) for key, value in found.items()}
    for case in cases:
        got_list = remaining.get(case.record_id, [])
        got = case.expected if case.expected in got_list else (got_list[0] if got_list else "MISSING")
        if got in got_list:
            got_list.remove(got)
        ok = got == case.expected
        passed += ok
        print(f"{case.kind:34s} {case.record_id:18s} {case.expected:22s} {got:22s} {'ok' if ok else 'FAIL'}")
    truncated_read = sum(1 for key, value in found.items() if key.startswith("gz-") for _ in value)
    accounting = summary["accounting"]
    print(f"\ntruncated gzip: {truncated_read} of 400 records read before the cut, the rest one truncated_gzip reject")
    print(f"accounting: read {accounting['read']} = kept+duplicates+rejected "
          f"{accounting['kept_plus_duplicates_plus_rejected']}: {'balanced' if accounting['balanced'] else 'BROKEN'}")
    kept = recoverability(output)
    print(f"rejects: {kept['located']} of {kept['rejects']} name their file, {kept['kept']} keep their record as read, "
          f"{kept['omitted']} say why not (too large, or past the gzip cut)")
    print(f"decode counters: { {k: v for k, v in summary['counters'].items() if k.startswith('decode:')} }")
    print(f"{passed}/{len(cases)} cases as expected; run took {seconds:.1f} s (exit {completed.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
