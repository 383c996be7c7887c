"""Bounding parsed YAML before anything walks it: alias bombs and deep nesting cost nothing to write."""
from __future__ import annotations

from typing import Any


def yaml_size_ok(value: Any, budget: int, max_depth: int = 32, count_keys: bool = True) -> bool:
    """Does ``value`` hold at most ``budget`` nodes, at most ``max_depth`` levels deep? Aliases are counted each
    time they are used, which is what any later walk over the data would pay."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        budget -= 1
        if budget < 0 or depth > max_depth:
            return False
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
            if count_keys:
                stack.extend((k, depth + 1) for k in node.keys())
        elif isinstance(node, (list, tuple)):
            stack.extend((v, depth + 1) for v in node)
    return True
