#!/usr/bin/env python3
"""Headline probe: headlines written for this probe in the news spinner's style, and clean look-alikes.

NOT an accuracy measure: the spun headlines were written by the team (session 4) from knowledge of the spinner
family, and the lexicon was extended in the same session, so a high score here is expected and proves little.
It shows which kinds of single-swap headlines the model still lets through, and that ordinary headlines with
the spinner's favourite words ("Mannequin challenge", "Hearth and home", "Middle East crisis live") stay clean.

    PYTHONPATH=src python bench/spin_headline_probe.py [--threshold 0.5]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from qualitycheck.spin.scorer import get_scorer  # noqa: E402

SPUN = [
    "Mannequin predicts Australia's hearth ants future",
    'Center East disaster reside',
    'Center East disaster reside: Israel strikes Gaza as talks stall',
    "Trump says he'll signal govt order on tariffs",
    'Biden administration proclaims new guidelines for scholar loans',
    'Stranger Issues season 5 trailer launched',
    "Elon Musk's SpaceX launches Starship on fifth take a look at flight",
    'Police say little one discovered secure after Amber Alert',
    'Climate forecast: Heavy rain anticipated throughout the weekend',
    'Inventory market at the moment: Dow falls as buyers weigh inflation information',
    "Here is what it's essential to find out about the brand new COVID vaccine",
    'The right way to watch the Tremendous Bowl with out cable',
    'Apple unveils new iPhone with higher digital camera and longer battery life',
    'Man arrested after taking pictures at Florida mall, police say',
    "NASA's Perseverance rover finds indicators of historical life on Mars",
    'Taylor Swift breaks file with Eras Tour film',
    'Hearth crews battle wildfire close to Los Angeles',
    'Ukraine warfare reside updates: Russia launches drone assault on Kyiv',
    'School soccer rankings: Georgia stays primary',
    'New examine finds espresso could decrease danger of coronary heart illness',
]
CLEAN = [
    "Model predicts Australia's fire ants future",
    'Middle East crisis live: Israel strikes Gaza as talks stall',
    'Fire crews battle wildfire near Los Angeles',
    'Live updates: Russia launches drone attack on Kyiv',
    'Supermodel Gisele Bundchen launches new fashion line',
    'Climate model suggests hotter summers ahead',
    'Hearth and home: the return of the wood stove',
    'Mannequin challenge goes viral again',
    'Residents told to evacuate as fire spreads',
    'Stocks rally as investors weigh inflation news',
    'How to watch the Super Bowl without cable',
    'College football rankings: Georgia stays No. 1',
    'New study finds coffee may lower risk of heart disease',
    'Child found safe after Amber Alert, police say',
    'Ultimate guide to holiday shopping',
    'Final season of Stranger Things premieres',
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threshold", type=float, default=0.5)
    args = ap.parse_args()
    scorer = get_scorer()
    for label, items in (("spun", SPUN), ("clean", CLEAN)):
        flagged = 0
        for text in items:
            score = scorer.score_text(text)
            spans = [h.text for h in scorer.reported(score, args.threshold)]
            flagged += score.probability >= args.threshold
            print(f"{label:<5} {score.probability:5.2f}  {text}  {spans}")
        print(f"{label}: {flagged} of {len(items)} scored spun\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
