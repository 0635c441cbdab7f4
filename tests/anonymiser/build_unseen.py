#!/usr/bin/env python3
"""Builds unseen.jsonl from unseen.txt: 102 passages written for storyvault after the engine was
built, with names, places and organisations that occur in no other corpus of the project, in its
generator, or in the shared development corpus. They measure how the engine does on text it was
not built from (`tests/anonymiser_scorer.rs`); do not tune word lists to them.

    python3 build_unseen.py > unseen.jsonl

Passages are separated by a line `---`; entities are marked inline as [[LABEL|text]]. Offsets
count code points, end exclusive, as the shared scorer's format does.
"""
import json
import re
import sys
from pathlib import Path

MARK = re.compile(r"\[\[([A-Z]+)\|([^\]|]+)\]\]")


def passage(pid, raw):
    text, entities, pos, last = [], [], 0, 0
    for m in MARK.finditer(raw):
        chunk = raw[last:m.start()]
        text.append(chunk)
        pos += len(chunk)
        entities.append({"start": pos, "end": pos + len(m.group(2)), "label": m.group(1), "text": m.group(2)})
        text.append(m.group(2))
        pos += len(m.group(2))
        last = m.end()
    text.append(raw[last:])
    return {"id": pid, "text": "".join(text), "entities": entities, "split": "unseen"}


def main():
    src = (Path(__file__).resolve().parent / "unseen.txt").read_text(encoding="utf-8")
    blocks = [b.strip() for b in src.split("\n---\n") if b.strip()]
    for i, b in enumerate(blocks):
        sys.stdout.write(json.dumps(passage(f"unseen-{i + 1:03d}", b), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
