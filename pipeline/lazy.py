"""A module imported on first use of one of its names, for modules that a fast command (a search
from the command line, ``bulletin --help``) should not pay for unless it uses them."""
from __future__ import annotations

from importlib import import_module


class LazyModule:
    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        module = import_module(self._name)
        self.__dict__.update(module.__dict__)  # later look-ups are plain attribute reads
        return getattr(module, attr)


__all__ = ["LazyModule"]
