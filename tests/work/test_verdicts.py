"""Route's worker task (pipeline.work.verdicts): each member's verdict against its root, whatever else its chunk
holds, and a worker that runs it imports no cleaning code."""

import subprocess
import sys

from pipeline.dedup.config import DedupConfig
from pipeline.dedup.minhash import MinHasher
from pipeline.dedup.verify import member_verdict, signature_and_shingle_set
from pipeline.work.verdicts import Verdicts

STORY = (
    "The council voted on Tuesday to close the old harbour bridge for repairs next spring. "
    "Engineers found cracks in three of the steel supports during an inspection in August."
)


def _ready(task):
    task.setup()
    return task


def test_verdicts_are_each_members_against_its_root_whatever_the_chunk_holds():
    config = DedupConfig()
    hasher = MinHasher.from_config(config)
    root_text = STORY + " The bridge carries 20,000 cars a day."
    root_signature, root_shingles = signature_and_shingle_set(hasher, root_text, config.shingle_size)
    other_signature, other_shingles = signature_and_shingle_set(hasher, "A different story altogether.", 5)
    story = signature_and_shingle_set(hasher, STORY, config.shingle_size)
    unrelated = signature_and_shingle_set(hasher, "An unrelated text about farming.", config.shingle_size)
    items = [(*story, root_shingles), (*unrelated, root_shingles), (*story, other_shingles)]
    verdicts = _ready(Verdicts(config))(items)
    assert verdicts == [
        member_verdict(*story, root_shingles, root_signature, config),
        member_verdict(*unrelated, root_shingles, root_signature, config),
        member_verdict(*story, other_shingles, other_signature, config),
    ]
    # one chunk or one item per call: the same verdicts (a root's signature is only remembered within a chunk)
    assert [_ready(Verdicts(config))([item])[0] for item in items] == verdicts
    kinds = [kind for kind, _, _ in verdicts]
    assert kinds == ["near", None, None]  # the story is most of its root
    assert verdicts[0][1].left_in_right == 1.0


def test_a_worker_running_verdicts_imports_no_cleaning_code():
    # it starts while Route holds a partition of articles, near the run's peak of memory
    code = "import sys, pipeline.work.verdicts; print(sorted(m for m in sys.modules if m.startswith('pipeline.text')))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "[]\n"
