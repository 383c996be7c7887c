"""Example articles written for these tests (invented events, no real article text)."""
from __future__ import annotations

import random
import re

FERRY = """The harbour board voted on Monday to close the old ferry pier at Kestrel Point for repairs that are expected to take eleven months and cost 3.2 million dollars, ending a debate that has divided the town since the winter storms.

Board chair Miriam Okafor said the timber piles had rotted faster than engineers predicted after the storms of 2021, and that ferries would use the Gannet Street terminal until the work is done. She told reporters the decision was difficult but that safety had to come first.

The closure will add about ten minutes to the crossing for the 4,000 commuters who use the service each weekday, according to figures from the Bayline ferry company. Bayline said it would add two extra sailings in the morning rush hour from April 3.

Shop owners near the pier asked the board for help with lost trade. Councillor Hugo Brandt said the town would look at lower parking charges in the harbour quarter, but warned that the budget for 2024 was already stretched.

Work is due to start in May. The board will publish a timetable for the new piles and decking in the harbour office on Dock Road and online next week."""

BRIDGE = """The Millbrook bridge reopened to traffic on Wednesday after eight months of repairs that cost the county 4.1 million dollars, officials said, ending long detours for drivers and the number 12 bus.

County engineer Tomas Rivera said the concrete deck had been replaced and new railings installed, and that cyclists would get a separate lane by September once the paint crews finish their work on the eastern approach.

Traffic counts from the county show that about 9,500 vehicles crossed the bridge each day before it closed in October. Rivera said the new deck should last at least forty years with normal maintenance.

Residents of Upper Millbrook said the closure had doubled some school journeys. Parent Alicia Moreno said her children had spent an extra hour a day on the bus and welcomed the reopening."""

# same topic as FERRY (the pier closure), written independently: must not match
FERRY_FEATURE = """Commuters at Kestrel Point are bracing for a longer journey. At the Gannet Street terminal on a grey morning, most passengers shrugged at the news that the old pier would shut for almost a year.

"It adds ten minutes, that's all," said a nurse who crosses the bay every day to the hospital. A retired teacher said she would simply take an earlier boat, and a student said the new route had a better café.

Traders on the harbour front were less relaxed. The owner of a fish and chip shop said summer takings depended on tourists walking past his door from the ferry, and that a closed pier in July could cost him a third of his income.

The harbour board says safety left it no choice after engineers inspected the wooden supports. Repairs are expected to start in May and to finish before the following spring, weather permitting."""

FILLER = """Readers have asked us what the changes mean for their daily travel, so we put together this short guide.

Our newsroom will keep this page updated as the work goes on and as the operators publish new timetables."""

#: a small hand-made thesaurus for the spin tests (the detector has no such table: spins must be caught anyway)
SPIN = {
    "voted": "decided", "close": "shut", "old": "aged", "repairs": "fixes", "expected": "anticipated", "take": "last",
    "cost": "price", "ending": "concluding", "debate": "dispute", "divided": "split", "town": "city", "said": "stated",
    "timber": "wooden", "rotted": "decayed", "faster": "quicker", "predicted": "forecast", "after": "following",
    "would": "will", "use": "utilize", "until": "till", "work": "job", "done": "finished", "told": "informed",
    "reporters": "journalists", "decision": "choice", "difficult": "hard", "safety": "security", "first": "initially",
    "closure": "shutdown", "add": "include", "about": "around", "crossing": "journey", "commuters": "travellers",
    "service": "provision", "each": "every", "according": "in accordance", "figures": "numbers", "company": "firm",
    "extra": "additional", "morning": "early", "rush": "hurry", "hour": "time", "shop": "store", "owners": "homeowners",
    "near": "close to", "asked": "requested", "help": "assistance", "lost": "misplaced", "trade": "commerce",
    "look": "appear", "lower": "decrease", "parking": "car park", "charges": "fees", "quarter": "district",
    "warned": "cautioned", "budget": "finances", "already": "previously", "stretched": "tight", "due": "owed",
    "start": "begin", "publish": "release", "timetable": "schedule", "new": "recent", "next": "following",
    "week": "7 days", "board": "panel", "chair": "chairman", "engineers": "technicians", "ferries": "boats",
    "pier": "jetty", "storms": "tempests", "harbour": "port", "online": "on the web", "the": "the", "and": "as well as",
}


def spin(text: str, share: float, seed: int = 7) -> str:
    """Replace about ``share`` of all words with thesaurus synonyms (names and numbers untouched)."""
    rng = random.Random(seed)
    words = re.findall(r"\S+|\n\n", text)
    total = sum(1 for w in words if w != "\n\n")
    candidates = [i for i, w in enumerate(words) if w.strip(".,;:\"'").lower() in SPIN and w[:1].islower()]
    rng.shuffle(candidates)
    for i in candidates[: int(share * total)]:
        core = words[i].strip(".,;:\"'")
        words[i] = words[i].replace(core, SPIN[core.lower()])
    return " ".join(words).replace(" \n\n ", "\n\n")


def edit(text: str, seed: int = 3) -> str:
    """A light editor's pass: a few words changed and the last paragraph dropped."""
    rng = random.Random(seed)
    paras = text.split("\n\n")[:-1]
    out = []
    for p in paras:
        ws = p.split()
        for _ in range(max(1, len(ws) // 15)):
            ws[rng.randrange(len(ws))] = rng.choice(["local", "now", "recently", "also"])
        out.append(" ".join(ws))
    return "\n\n".join(out)
