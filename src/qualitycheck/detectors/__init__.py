"""Code detectors, one module each, bound to rule ids by ``type: detector`` rule files under ``rules/``."""
