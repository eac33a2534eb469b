#!/usr/bin/env python3
"""Top owners of the heap at its peak, from a dhat-heap.json (dhat-rs).

Usage: dhat_top.py dhat-heap.json [N]

Groups the program points alive at the global peak (`gb`: bytes at t-gmax) by the
first frame inside tidings (skipping std, alloc and dhat frames), and prints the
N biggest groups with their bytes and blocks.
"""
import json
import sys
from collections import defaultdict

doc = json.load(open(sys.argv[1]))
n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
frames = doc["ftbl"]
SKIP = ("alloc::", "core::", "std::", "dhat::", "<alloc::", "<core::", "hashbrown::",
        "<hashbrown::", "__rust", "[root]", "<std::", "serde", "<serde")


def owner(pp):
    names = [frames[i] for i in pp["fs"]]
    for f in names:
        # "0x...: name (file:line)"
        name = f.split(": ", 1)[-1]
        if "tidings" in name and not name.startswith(SKIP):
            return name[:150]
    return names[-1].split(": ", 1)[-1][:150] if names else "?"


groups = defaultdict(lambda: [0, 0])
total = 0
for pp in doc["pps"]:
    gb = pp.get("gb", 0)
    if gb == 0:
        continue
    g = groups[owner(pp)]
    g[0] += gb
    g[1] += pp.get("gbk", 0)
    total += gb
print(f"at the peak: {total / 1e6:.1f} MB in {sum(g[1] for g in groups.values())} blocks")
for name, (b, k) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:n]:
    print(f"{b / 1e6:8.1f} MB {k:9d} blocks  {name}")
