"""Spin detection: spinner lexicon, scorer, classifier, restoration, evaluation and learning from aligned pairs.

Nothing here is imported by ``qualitycheck --version`` or at rule-load time; the detector loads the lexicon and
model lazily, once per process (see :func:`qualitycheck.spin.scorer.get_scorer`).
"""
