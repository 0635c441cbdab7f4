#!/usr/bin/env python3
"""Per-label recall and precision of `storyvault anonymise` on a corpus in the shared scorer's
JSONL format, as a Markdown table (for docs/anonymiser.md).

    python3 per_label.py CORPUS.jsonl target/debug/storyvault

Recall per gold label: entities whose every non-space character is redacted (the shared scorer's
rule). Precision per predicted label: non-space characters redacted with that label that lie inside
any gold entity. Suggestions count as redactions (the command line prints every span alike; the
suggestion counts come from `cargo test --test anonymiser_scorer -- --nocapture`).
"""
import json
import subprocess
import sys
from collections import defaultdict


def main(corpus, binary):
    recs = [json.loads(l) for l in open(corpus, encoding="utf-8") if l.strip()]
    inp = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in recs)
    out = subprocess.run([binary, "anonymise"], input=inp, capture_output=True, text=True, check=True).stdout
    found, total = defaultdict(int), defaultdict(int)
    inside, redacted = defaultdict(int), defaultdict(int)
    leaky = 0
    for r, line in zip(recs, out.splitlines()):
        text = r["text"]
        spans = json.loads(line)["spans"]
        covered = [False] * len(text)
        gold = [False] * len(text)
        for s in spans:
            for i in range(s["start"], s["end"]):
                covered[i] = True
        leaked = False
        for e in r["entities"]:
            ok = all(covered[i] or text[i].isspace() for i in range(e["start"], e["end"]))
            total[e["label"]] += 1
            found[e["label"]] += ok
            leaked |= not ok
            for i in range(e["start"], e["end"]):
                gold[i] = True
        leaky += leaked
        for s in spans:
            for i in range(s["start"], s["end"]):
                if not text[i].isspace():
                    redacted[s["label"]] += 1
                    inside[s["label"]] += gold[i]
    labels = sorted(set(total) | set(redacted))
    print("| label | entities | recall | precision |")
    print("|---|---|---|---|")
    for l in labels:
        rec = f"{found[l] / total[l]:.3f}" if total[l] else "–"
        pre = f"{inside[l] / redacted[l]:.3f}" if redacted[l] else "–"
        print(f"| {l} | {total[l]} | {rec} | {pre} |")
    n = sum(total.values())
    print(f"| **all** | {n} | {sum(found.values()) / n:.3f} | {sum(inside.values()) / max(1, sum(redacted.values())):.3f} |")
    print(f"\n{len(recs)} passages, {leaky} leaking something")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
