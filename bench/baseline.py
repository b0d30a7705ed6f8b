#!/usr/bin/env python3
"""bench/baseline.py - the Python baseline of `make bench`.

What the Python call-graph tools of this field do (python3 standard library
only): read every .ci file under DIR with regular expressions, fold GCC clone
suffixes, qualify nothing more, build the call graph in dictionaries and walk
it.  No database: every run parses everything again.

    baseline.py DIR reach FROM TO     shortest call path, exit 1 if none
    baseline.py DIR ancestors TARGET  how many functions reach TARGET
"""

import collections
import os
import re
import sys

NODE = re.compile(r'node:\s*\{\s*title:\s*"((?:[^"\\]|\\.)*)"')
EDGE = re.compile(r'edge:\s*\{\s*sourcename:\s*"((?:[^"\\]|\\.)*)"\s*'
                  r'targetname:\s*"((?:[^"\\]|\\.)*)"')
CLONE = re.compile(r'(\.(isra|constprop|part|lto_priv|clone|specialization)'
                   r'\.\d+|\.cold|\.localalias)+$')


def canonical(title):
    return CLONE.sub('', title)


def load(top):
    callees = collections.defaultdict(set)
    callers = collections.defaultdict(set)
    for root, _dirs, files in os.walk(top):
        for name in files:
            if not name.endswith('.ci'):
                continue
            with open(os.path.join(root, name), encoding='utf-8',
                      errors='replace') as f:
                text = f.read()
            for m in NODE.finditer(text):
                callees.setdefault(canonical(m.group(1)), set())
            for m in EDGE.finditer(text):
                a, b = canonical(m.group(1)), canonical(m.group(2))
                if b == '__indirect_call' or a == b:
                    continue
                callees[a].add(b)
                callers[b].add(a)
    return callees, callers


def reach(callees, src, dst):
    prev = {src: None}
    queue = collections.deque([src])
    while queue:
        u = queue.popleft()
        if u == dst:
            path = []
            while u is not None:
                path.append(u)
                u = prev[u]
            return path[::-1]
        for v in sorted(callees.get(u, ())):
            if v not in prev:
                prev[v] = u
                queue.append(v)
    return None


def ancestors(callers, target):
    seen = {target}
    stack = [target]
    while stack:
        for u in callers.get(stack.pop(), ()):
            if u not in seen:
                seen.add(u)
                stack.append(u)
    return len(seen)


def main(argv):
    if len(argv) < 4 or argv[2] not in ('reach', 'ancestors'):
        sys.stderr.write(__doc__)
        return 2
    callees, callers = load(argv[1])
    if argv[2] == 'reach' and len(argv) == 5:
        path = reach(callees, argv[3], argv[4])
        if not path:
            print('not reachable')
            return 1
        print(' -> '.join(path))
        return 0
    print(ancestors(callers, argv[3]))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
