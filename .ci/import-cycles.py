#!/usr/bin/env python3
"""Fails when two files, or two folders, of a crate import each other.

Each `.rs` file is a module (`services/orders/fulfilment.rs` is
`services::orders::fulfilment`). An edge goes from a file to every module of the same
crate whose items it names (`crate::…`, `super::…`, `self::…` paths); declaring a
child (`mod x;`) is not an edge, nor is re-exporting a child's items (`pub use
x::Item;`, a facade) or a `#[cfg(test)]` module. A cycle among files, or among the folders that hold
them, is reported with its members. Usage: .ci/import-cycles.py app/src server/src
"""
import os
import re
import sys
from collections import defaultdict


def modules(root):
    mods = {}
    for dirpath, _, files in os.walk(root):
        for f in files:
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dirpath, f)
            rel = os.path.relpath(path, root)[:-3].split(os.sep)
            if rel[-1] in ("mod", "lib", "main"):
                rel = rel[:-1]
            mods[tuple(rel)] = path
    return mods


def strip(text):
    """Code that makes a dependency: no comments, strings, tests or re-exports."""
    text = re.split(r"#\[cfg\(test\)\]\s*mod tests", text)[0]
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    # `pub use child::Item;` names a child's item for others (a facade); the
    # parent's own code does not depend on it.
    return re.sub(r"\bpub(\([^)]*\))? use [^;]*;", "", text)


def resolve(mods, path):
    """The longest module prefix of `path` that is a file of the crate."""
    for n in range(len(path), -1, -1):
        if tuple(path[:n]) in mods:
            return tuple(path[:n])
    return None


def edges(mods):
    out = defaultdict(set)
    for mod, path in mods.items():
        text = strip(open(path, encoding="utf-8").read())
        # Expand `use a::{b, c::{d}}` groups one level at a time into paths.
        for m in re.finditer(r"\b(crate|super|self)((?:::\w+)*)(?:::\{([^;]*)\})?", text):
            head, rest, group = m.group(1), m.group(2), m.group(3)
            if not rest and group is None:
                continue  # `&self`, `pub(crate)`: not a path
            base = list(mod) if head != "crate" else []
            if head == "super":
                base = list(mod[:-1])
            # `super` in a mod.rs-less file means the parent module, as written.
            parts = [p for p in rest.split("::") if p]
            while parts and parts[0] == "super":
                base = base[:-1]
                parts = parts[1:]
            targets = [base + parts]
            if group:
                for item in re.split(r",", group):
                    item = item.strip().split("::")[0].split(" ")[0]
                    if item and item not in ("self", "*") and item[0].islower():
                        targets.append(base + parts + [item])
            for t in targets:
                target = resolve(mods, t)
                if target is not None and target != mod:
                    out[mod].add(target)
        # A child module named by a relative path (`checkout::place`).
        for other in mods:
            if len(other) == len(mod) + 1 and other[: len(mod)] == mod:
                if re.search(r"(?<![:\w])" + other[-1] + r"::", text):
                    out[mod].add(other)
    return out


def cycles(nodes, graph):
    index, low, stack, on, found = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
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

    sys.setrecursionlimit(10000)
    for v in nodes:
        if v not in index:
            visit(v)
    return found


def main(roots):
    bad = 0
    for root in roots:
        mods = modules(root)
        graph = edges(mods)
        # Files: an edge to an ancestor module that only declares this one is real
        # (the file names the ancestor's items), so it counts like any other.
        for comp in cycles(list(mods), graph):
            bad += 1
            print(f"{root}: files import each other: " + ", ".join("::".join(c) or "crate" for c in comp))
        # Folders: each file belongs to the folder that holds it.
        # A `mod.rs` (or the crate root) is its folder's own module.
        def folder(m):
            own = os.path.basename(mods[m]) in ("mod.rs", "lib.rs", "main.rs")
            return m if own else m[:-1]
        fgraph = defaultdict(set)
        for a, targets in graph.items():
            for b in targets:
                fa, fb = folder(a), folder(b)
                # A folder's parts may use each other and their parent's file.
                if fa != fb and fa[: len(fb)] != fb and fb[: len(fa)] != fa:
                    fgraph[fa].add(fb)
        for comp in cycles(sorted({folder(m) for m in mods}), fgraph):
            bad += 1
            print(f"{root}: folders import each other: " + ", ".join("::".join(c) or "crate" for c in comp))
    if bad == 0:
        print("no import cycles in " + ", ".join(roots))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["app/src", "server/src"]))
