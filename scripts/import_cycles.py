#!/usr/bin/env python3
"""Import cycles between the crate's modules: lists the edges and prints every cycle.

    scripts/import_cycles.py                  # top-level modules, with model's submodules as nodes
    scripts/import_cycles.py --expand report  # also split report/ into its submodules (repeatable)
    scripts/import_cycles.py --edges          # print every edge (module -> module: count) first

Exit status: 0 without a cycle, 1 with one (so CI can run it as a check).

A node is a top-level module of src/ (`series`, `target`, ...), or `parent::child` for the
modules named with --expand (by default `model`, whose files are its submodules; its mod.rs is
the node `model`). An edge A -> B is a path in A's code that names B: `use crate::b::…`,
`crate::b::f()`, `super::b`, `self::b`, a brace group `super::{b, c}`, or, in a mod.rs, a child
module by its bare name (`select::select(..)`, `pub use sim::SimPaths`). Naming an item that
mod.rs defines or re-exports (`super::Fitted`) is an edge to the parent node, which is what makes
a parent ↔ child cycle. Comments, string literals and `#[cfg(test)]` modules are ignored: tests
may reach back into the public API. The binary's modules (those src/main.rs declares, `cli`) are
nodes too, reaching the library as `tradecast::…`; src/main.rs itself is not read.

Plain text matching, no Rust parser: a path written through an alias (`use super as m`) is
missed. Standard library only.
"""

import argparse
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src")
IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def module_path(rel):
    """src-relative file path -> module path as a list ('' for the crate root)."""
    parts = rel[:-3].split(os.sep)
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return parts


CHAR = re.compile(r"b?'(?:\\(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|.)|[^\\'\n])'")


def strip(code):
    """Removes comments, string and char literals, and #[cfg(test)] modules."""
    out, i, n = [], 0, len(code)
    while i < n:
        c = code[i]
        if code.startswith("//", i):
            j = code.find("\n", i)
            i = n if j < 0 else j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif (m := re.compile(r'b?r(#*)"').match(code, i)) and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
            end = '"' + m.group(1)
            j = code.find(end, m.end())
            out.append('""')
            i = n if j < 0 else j + len(end)
        elif c == '"' or (c == "b" and code.startswith('b"', i) and (i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and code[j] != '"':
                j += 2 if code[j] == "\\" else 1
            out.append('""')
            i = j + 1
        elif c in "'b" and (m := CHAR.match(code, i)) and (c == "'" or i == 0 or not (code[i - 1].isalnum() or code[i - 1] == "_")):
            out.append("' '")
            i = m.end()
        else:
            out.append(c)
            i += 1
    code = "".join(out)
    out, i = [], 0
    for m in re.finditer(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+" + IDENT + r"\s*\{", code):
        if m.start() < i:
            continue
        out.append(code[i : m.start()])
        depth, j = 1, m.end()
        while j < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[j], 0)
            j += 1
        i = j
    out.append(code[i:])
    return "".join(out)


def group_heads(code, start):
    """The first identifier of each top-level item of the brace group opening at code[start]."""
    depth, item, heads, j = 0, "", [], start
    while j < len(code):
        c = code[j]
        if c == "{":
            depth += 1
            if depth == 1:
                j += 1
                continue
        elif c == "}":
            depth -= 1
            if depth == 0:
                heads.append(item)
                break
        if depth == 1 and c == ",":
            heads.append(item)
            item = ""
        elif depth >= 1:
            item += c
        j += 1
    found = []
    for h in heads:
        m = re.match(r"\s*(" + IDENT + ")", h)
        if m:
            found.append(m.group(1))
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--expand", action="append", default=["model"], help="module whose submodules are nodes")
    ap.add_argument("--edges", action="store_true", help="print every edge")
    args = ap.parse_args()
    expand = set(args.expand)

    files = {}
    for dirpath, _, names in os.walk(ROOT):
        for name in names:
            if name.endswith(".rs"):
                rel = os.path.relpath(os.path.join(dirpath, name), ROOT)
                if rel != "main.rs":
                    files[tuple(module_path(rel))] = os.path.join(dirpath, name)
    modules = set(files)

    def node(path):
        """The graph node a module path belongs to (None for the crate root or an unknown path)."""
        path = list(path)
        while path and tuple(path) not in modules:
            path.pop()
        if not path:
            return None
        if path[0] in expand and len(path) >= 2:
            return "::".join(path[:2])
        return path[0]

    def resolve(base, names):
        """The longest module prefix of base + names[:k], as a node."""
        best = tuple(base)
        for k in range(1, len(names) + 1):
            cand = tuple(base) + tuple(names[:k])
            if cand in modules:
                best = cand
            else:
                break
        return node(best)

    edges = {}
    for path, file in sorted(files.items()):
        src = node(path)
        if src is None:
            continue
        code = strip(open(file, encoding="utf-8").read())
        children = {p[-1] for p in modules if len(p) == len(path) + 1 and p[: len(path)] == path}
        is_dir_module = file.endswith("mod.rs")
        targets = []
        for m in re.finditer(r"\b(crate|self|super|tradecast)((?:::super)*)::(\{|" + IDENT + r"(?:::" + IDENT + r")*)", code):
            root, supers, rest = m.group(1), m.group(2), m.group(3)
            if root == "tradecast" and m.start() > 0 and code[m.start() - 1] == ":":
                continue
            if root in ("crate", "tradecast"):
                base = []
            else:
                ups = (1 if root == "super" else 0) + supers.count("super")
                base = list(path[: len(path) - ups]) if ups <= len(path) else []
            if rest == "{":
                for head in group_heads(code, m.end(3) - 1):
                    targets.append(resolve(base, [head]))
            else:
                names = rest.split("::")
                if code[m.end(3) : m.end(3) + 3] == "::{":
                    for head in group_heads(code, m.end(3) + 2):
                        targets.append(resolve(base, names + [head]))
                else:
                    targets.append(resolve(base, names))
        if is_dir_module:
            for m in re.finditer(r"(?<![:\w])(" + IDENT + r")::", code):
                if m.group(1) in children:
                    targets.append(node(path + (m.group(1),)))
        for t in targets:
            if t and t != src:
                edges[(src, t)] = edges.get((src, t), 0) + 1

    graph = {}
    for (a, b) in edges:
        graph.setdefault(a, set()).add(b)
    if args.edges:
        for (a, b), c in sorted(edges.items()):
            print(f"{a} -> {b}: {c}")

    # Strongly connected components (Tarjan); each with more than one node holds a cycle.
    index, low, stack, on, sccs = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                sccs.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(set(graph) | {b for s in graph.values() for b in s}):
        if v not in index:
            visit(v)

    if not sccs:
        print("no import cycles")
        return 0
    def sccs_of(g):
        """Strongly connected components with more than one node (Tarjan)."""
        index, low, stack, on, found = {}, {}, [], set(), []
        counter = [0]

        def visit(v):
            index[v] = low[v] = counter[0]
            counter[0] += 1
            stack.append(v)
            on.add(v)
            for w in sorted(g.get(v, ())):
                if w not in index:
                    visit(w)
                    low[v] = min(low[v], low[w])
                elif w in on:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    found.append(sorted(comp))

        for v in sorted(set(g) | {b for t in g.values() for b in t}):
            if v not in index:
                visit(v)
        return found

    def shortest_cycle(g, members, start):
        """A shortest cycle through `start` inside `members` (breadth first)."""
        prev, queue = {start: None}, [start]
        while queue:
            v = queue.pop(0)
            for w in sorted(g.get(v, ())):
                if w == start:
                    path = [v]
                    while prev[path[-1]] is not None:
                        path.append(prev[path[-1]])
                    return path[::-1] + [start]  # path runs back from v to start
                if w in members and w not in prev:
                    prev[w] = v
                    queue.append(w)
        return [start]

    for comp in sccs:
        print(f"cycle among {len(comp)} modules: {', '.join(comp)}")
        members = set(comp)
        # Two-node cycles first (the usual parent <-> child kind); then, with their edges set
        # aside, one shortest cycle through each remaining knot.
        pairs = [(a, b) for a in comp for b in comp if a < b and b in graph.get(a, ()) and a in graph.get(b, ())]
        for a, b in pairs:
            print(f"  {a} <-> {b}")
        rest = {a: {b for b in graph.get(a, ()) if b in members and (min(a, b), max(a, b)) not in pairs} for a in comp}
        for knot in sccs_of(rest):
            print("  " + " -> ".join(shortest_cycle(rest, set(knot), knot[0])))
    return 1


if __name__ == "__main__":
    sys.exit(main())
