"""Schema governance: the breaking-change check on proto/ really rejects breaking changes and lets
backward-compatible ones through. Each case copies proto/ and applies one edit to the copy."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECK = ROOT / "tools" / "proto-breaking-check"
EVENT = "events/user_behavior_event.proto"

CASES = [
    # (name, old text, new text, compatible?)
    ("add a field", "  map<string, string> extra_data = 8;\n",
     "  map<string, string> extra_data = 8;\n  string session_id = 9;\n", True),
    ("change a field's type", "string user_id = 3;", "int64 user_id = 3;", False),
    ("renumber a field", "string device_type = 6;", "string device_type = 16;", False),
    ("change the package", "package events;", "package events.v2;", False),
    ("remove a field without reserving it", "  string source_channel = 7;\n", "", False),
]


@pytest.mark.parametrize("name,old,new,compatible", CASES, ids=[c[0] for c in CASES])
def test_breaking_check(tmp_path, name, old, new, compatible):
    changed = tmp_path / "proto"
    shutil.copytree(ROOT / "proto", changed)
    target = changed / EVENT
    text = target.read_text()
    assert old in text, f"fixture '{name}' no longer applies to {EVENT}"
    target.write_text(text.replace(old, new))
    proc = subprocess.run([str(CHECK), str(changed), str(ROOT / "proto")], capture_output=True,
                          text=True, timeout=120)
    assert (proc.returncode == 0) == compatible, proc.stdout + proc.stderr
