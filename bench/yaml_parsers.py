"""Is another YAML parser faster than libyaml's event stream for the claims file?

Measures, on a synthetic claims file (bench/generate.py) of the sizes given, in one process and
in turn so that every figure shares the machine's state:

- ``libyaml load``: ``yaml.load(CSafeLoader)``, the C-loader floor of the benchmark;
- ``libyaml events``: claimtrack's own walk (``claimtrack.loader.parse_claims_text``): the event
  stream with duplicate keys, aliases and tags refused and each entry built as it closes;
- ``rapidyaml tree``: ``ryml.parse_in_arena`` (the C++ parse alone), and
- ``rapidyaml to Python``: that tree walked into the same plain data (what a loader would need);
- ``rapidyaml via JSON``: the tree emitted as JSON by rapidyaml and read by ``json.loads``.

rapidyaml is installed only for this measurement (``pip install rapidyaml``): it is not a
dependency. Its Python binding (0.x) exposes no per-node line and column and keeps the last of
two duplicate keys, so adopting it would also need a second pass for positions and duplicates.

    python bench/yaml_parsers.py --claims 10000,100000 --runs 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _generate(root: Path, claims: int) -> bytes:
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(root), "--claims", str(claims)], check=True
    )
    return (root / "data" / "claims.yaml").read_bytes()


def _ryml_to_python(tree: Any, node: int) -> Any:
    """The plain data of one rapidyaml node (strings as str; a loader would resolve scalars)."""
    if tree.is_map(node):
        out: dict[str, Any] = {}
        child = tree.first_child(node)
        while child != -1 and child < tree.size():
            out[bytes(tree.key(child)).decode()] = _ryml_to_python(tree, child)
            nxt = tree.next_sibling(child)
            if nxt == child or nxt >= tree.size():
                break
            child = nxt
        return out
    if tree.is_seq(node):
        items = []
        child = tree.first_child(node)
        while child != -1 and child < tree.size():
            items.append(_ryml_to_python(tree, child))
            nxt = tree.next_sibling(child)
            if nxt == child or nxt >= tree.size():
                break
            child = nxt
        return items
    return bytes(tree.val(node)).decode() if tree.has_val(node) else None


def _ryml_walk(ryml: Any, raw: bytes) -> Any:
    tree = ryml.parse_in_arena(raw)
    return _ryml_to_python(tree, tree.root_id())


def _ryml_json(ryml: Any, raw: bytes) -> Any:
    tree = ryml.parse_in_arena(raw)
    return json.loads(ryml.emit_json_malloc(tree, tree.root_id()))


def _time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", default="10000,100000", help="comma-separated sizes")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    import yaml

    from claimtrack.loader import parse_claims_text

    try:
        import ryml  # type: ignore[import-not-found]
    except ImportError:
        print("rapidyaml is not installed: pip install rapidyaml", file=sys.stderr)
        return 2

    print(f"{'claims':>8} {'MB':>6} {'parser':<22} {'seconds':>8} {'vs libyaml load':>16}")
    for size in (int(part) for part in args.claims.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            raw = _generate(Path(folder), size)
        cases: list[tuple[str, Callable[[], object]]] = [
            ("libyaml load", partial(yaml.load, raw, Loader=yaml.CSafeLoader)),
            ("libyaml events", partial(parse_claims_text, raw, "claims.yaml", {})),
            ("rapidyaml tree", partial(ryml.parse_in_arena, raw)),
            ("rapidyaml to Python", partial(_ryml_walk, ryml, raw)),
            ("rapidyaml via JSON", partial(_ryml_json, ryml, raw)),
        ]
        floor = None
        for name, function in cases:
            seconds = _time(function, args.runs)
            floor = floor or seconds
            print(f"{size:>8} {len(raw) / 1e6:>6.1f} {name:<22} {seconds:>8.2f} "
                  f"{seconds / floor:>15.2f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
