"""Garbled text: look-alike letters from other scripts inside words, mojibake, and obfuscated or scrambled
paragraphs (rules QC110-QC113, category ``garbled``).

These are the marks of copy that went through a scraper or an evasion tool: Greek omicrons swapped into a wire
story so duplicate checks miss it ("ambassadοr"), UTF-8 read as Windows-1252 ("CNNâ€™s", "cafÃ©"), and paywalled
paragraphs scraped in their ROT47-obfuscated form ("kAm...k^Am"). Each finding carries the repaired text as its
suggestion when it can be computed: the Latin letter, the re-decoded characters, the decoded paragraph.

False-positive guards: a word written entirely in Greek or Cyrillic is fine (only words that *mix* scripts, with
the minority letters all look-alikes, are reported); mojibake must re-decode into valid UTF-8; the scrambled
check only runs on languages whose words all carry vowels, and never on quoted code-like or tabular text.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator, Optional, Sequence

from ..config import Config
from ..engine.detector import CheckContext, Hit
from ..engine.rules import Rule
from ..model import Article

HOMOGLYPH = "QC110"
MOJIBAKE = "QC111"
ROT_OBFUSCATED = "QC112"
SCRAMBLED = "QC113"

# --- mixed-script words ----------------------------------------------------------------------------------------

#: Greek and Cyrillic letters that look like Latin ones (after Unicode's confusables list, letters only)
TO_LATIN = {
    # Greek
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P",
    "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o", "α": "a", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u",
    "χ": "x", "ε": "e", "ϲ": "c", "ϳ": "j",
    # Cyrillic
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
    "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Һ": "H", "Ӏ": "I", "а": "a", "е": "e", "о": "o", "р": "p",
    "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w",
}
#: Latin letters that look like Cyrillic ones, for Cyrillic words with Latin letters swapped in
TO_CYRILLIC = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "y": "у", "x": "х", "i": "і", "A": "А", "B": "В",
               "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О", "P": "Р", "C": "С", "T": "Т", "X": "Х"}
TO_GREEK = {"o": "ο", "A": "Α", "B": "Β", "E": "Ε", "Z": "Ζ", "H": "Η", "I": "Ι", "K": "Κ", "M": "Μ", "N": "Ν",
            "O": "Ο", "P": "Ρ", "T": "Τ", "Y": "Υ", "X": "Χ", "v": "ν", "i": "ι", "k": "κ", "p": "ρ", "x": "χ"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_NON_LATIN_LETTER = re.compile(r"[\u0370-\u03ff\u0400-\u052f]")


def script_of(ch: str) -> Optional[str]:
    """latin / greek / cyrillic for letters of those scripts, None for anything else."""
    code = ord(ch)
    if ch.isascii():
        return "latin" if ch.isalpha() else None
    if 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
        return "latin"
    return None


def mixed_script_words(text: str) -> Iterator[tuple[int, int, str, list[str], Optional[str]]]:
    """(start, end, script of the look-alikes, the look-alike letters, repaired word or None)."""
    if not _NON_LATIN_LETTER.search(text):
        return
    for m in _WORD.finditer(text):
        word = m.group(0)
        if len(word) < 3 or not _NON_LATIN_LETTER.search(word):
            continue
        scripts: dict[str, list[str]] = {}
        for ch in word:
            s = script_of(ch)
            if s is not None:
                scripts.setdefault(s, []).append(ch)
        if "latin" not in scripts or len(scripts) < 2:
            continue
        latin = scripts["latin"]
        other_name = next(s for s in scripts if s != "latin")
        other = scripts[other_name]
        if len(latin) >= len(other):  # a Latin word with Greek/Cyrillic look-alikes swapped in
            if not all(ch in TO_LATIN for ch in other):
                continue  # e.g. "μg", "kΩ": a real symbol, not a disguise
            yield m.start(), m.end(), other_name, sorted(set(other)), "".join(TO_LATIN.get(ch, ch) for ch in word)
        else:  # a Cyrillic or Greek word with Latin look-alikes swapped in
            table = TO_CYRILLIC if other_name == "cyrillic" else TO_GREEK
            if not all(ch in table for ch in latin):
                continue
            yield m.start(), m.end(), "latin", sorted(set(latin)), "".join(table.get(ch, ch) for ch in word)


# --- mojibake ----------------------------------------------------------------------------------------------------

_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"
#: a lead byte of a 2-4 byte UTF-8 sequence, read as Windows-1252/Latin-1, then 1-3 continuation bytes
_MOJIBAKE = re.compile("(?:[\u00c2-\u00f4][\u0080-\u00bf" + _CP1252_HIGH + "]{1,3})+")
#: UTF-8 right quote (E2 80 99) whose two continuation bytes were dropped as control characters: "CNNâs"
_LOST_APOSTROPHE = re.compile(r"(?<=[A-Za-z])â(?=(?:s|t|ll|re|ve|d|m)\b)")
#: UTF-8 right double quote (E2 80 9D): 9D is undefined in Windows-1252, so only "â€" survives
_LOST_QUOTE = re.compile(r"â€(?=[\s,.;:!?)]|$)")


def _as_bytes(text: str) -> Optional[bytes]:
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) < 256:
                out.append(ord(ch))  # C1 controls and cp1252's five undefined bytes pass through as Latin-1
            else:
                return None
    return bytes(out)


def redecode(text: str) -> Optional[str]:
    """UTF-8 bytes that were decoded as Windows-1252 (or Latin-1), decoded again properly; None if they were not."""
    raw = _as_bytes(text)
    if raw is None:
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if fixed == text or any(unicodedata.category(c)[0] == "C" for c in fixed):
        return None
    return fixed if _plausible_repair(fixed) else None


def _plausible_repair(fixed: str) -> bool:
    """Is the re-decoded text what a writer would have typed? One odd character is not enough: French "É»"
    re-decodes to the IPA letter "ɻ". Accept accented Latin letters and punctuation, or whole runs of letters
    (a Cyrillic word read as Windows-1252 becomes "Ð¿Ñ€Ð¸")."""
    if all(0xA0 <= ord(c) <= 0x17F or 0x2000 <= ord(c) <= 0x20CF or 0x2100 <= ord(c) <= 0x214F for c in fixed):
        return True
    return len(fixed) >= 2 and all(c.isalpha() for c in fixed)


def mojibake_spans(text: str, language: Optional[str]) -> Iterator[tuple[int, int, str]]:
    """(start, end, repaired text) of each mojibake run."""
    taken: list[tuple[int, int]] = []
    for m in _MOJIBAKE.finditer(text):
        fixed = redecode(m.group(0))
        if fixed is None:
            # the run may end in a lost byte ("â€" + dropped 0x9D): handled below
            continue
        taken.append(m.span())
        yield m.start(), m.end(), fixed
    for m in _LOST_QUOTE.finditer(text):
        if not any(a <= m.start() < b for a, b in taken):
            taken.append(m.span())
            yield m.start(), m.end(), "”"
    if language in (None, "en"):  # "â" + s is a real letter in French or Portuguese words
        for m in _LOST_APOSTROPHE.finditer(text):
            if not any(a <= m.start() < b for a, b in taken):
                yield m.start(), m.end(), "’"


# --- ROT-obfuscated and scrambled paragraphs ---------------------------------------------------------------------

FUNCTION_WORDS = frozenset(
    "the of and to a in is was for on that with as by at from it he she said his her are were be has have had "
    "this not but or an they their its will would which who after been more than also about into we you".split()
)
_TOKEN = re.compile(r"\S+")
_ALPHA = re.compile(r"[A-Za-z]+")
_ROT47_WRAPPER = re.compile(r"kAm.{0,5000}?k\^Am", re.DOTALL)
#: languages whose ordinary words all contain a vowel letter (Czech "strč prst skrz krk" does not qualify)
VOWEL_LANGUAGES = frozenset("en fr es it pt de nl sv da no nb ca ro af id ms tl fi et".split())


def rot47(text: str) -> str:
    return "".join(chr(33 + (ord(c) - 33 + 47) % 94) if 33 <= ord(c) <= 126 else c for c in text)


def rot13(text: str) -> str:
    return text.translate(_ROT13)


_ROT13 = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", "NOPQRSTUVWXYZABCDEFGHIJKLMnopqrstuvwxyzabcdefghijklm"
)


_WORD2 = re.compile(r"[A-Za-z]{2,}")


def function_word_share(text: str) -> tuple[float, int, int]:
    """(share of English function words among words of 2+ letters, word count, distinct function words)."""
    words = [w.lower() for w in _WORD2.findall(text)]
    if not words:
        return 0.0, 0, 0
    hits = [w for w in words if w in FUNCTION_WORDS]
    return len(hits) / len(words), len(words), len(set(hits))


def decode_obfuscated(paragraph: str) -> Optional[tuple[str, str]]:
    """(cipher, decoded text) when the paragraph reads as English only after ROT47 or ROT13."""
    tokens = _TOKEN.findall(paragraph)
    if len(tokens) < 8:
        return None
    share, _, _ = function_word_share(paragraph)
    if share >= 0.08:
        return None  # already readable
    symbolic = sum(1 for t in tokens if _symbolic(t)) / len(tokens)
    for name, decode in (("ROT47", rot47), ("ROT13", rot13)):
        if name == "ROT47" and symbolic < 0.2:
            continue  # ROT47 turns English letters into digits and symbols: its text is full of them
        decoded = decode(paragraph)
        after, n, distinct = function_word_share(decoded)
        if n >= 6 and after >= 0.2 and distinct >= 3:
            return name, decoded
    return None


#: vowel-less abbreviations of ordinary news copy (wire-service financial style included: "Shr 15 cts vs 11 cts")
ABBREVIATIONS = frozenset(
    "shr shrs cts dlrs dlr mln bln pct vs qtr qtrs mths mth ltd mrs mph kph kmh km kg mg ml nth jr sr hwy pvt st "
    "blvd bldg dept govt yr yrs hrs hr mgmt intl natl sgt cpl lt cmdr ft pm tv dvd cd pc rd pts pt wk wks "
    "nbc cbs cnn bbc nhs hmm shh tsk brr psst pst www".split()
)


def _vowelless(token: str) -> bool:
    letters = "".join(_ALPHA.findall(token))
    return len(letters) >= 3 and not letters.isupper() and letters.lower() not in ABBREVIATIONS and not re.search(r"[aeiouyAEIOUY]", letters)


_WEIRD = frozenset(":;<=>?@[\\]^_`{|}~*#")


def _symbolic(token: str) -> bool:
    """Letters with symbols that ordinary words never carry inside them ("28C66>6?E", "2?5"): cipher debris."""
    inner = token.strip(".,;:!?\"'()[]<>“”‘’")
    if len(inner) < 3 or inner.startswith(("http", "www.", "@", "#")) or "@" in inner and "." in inner:
        return False
    return any(c in _WEIRD for c in inner) and any(c.isalpha() for c in inner)


#: a token can only be odd if it has no vowel or carries a symbol; one C-level test per token finds those few
_ODD_CANDIDATE = re.compile(r"^[^aeiouyAEIOUY]*$|[:;<=>?@\[\\\]^_`{|}~*#]")


def scrambled_share(paragraph: str) -> tuple[float, int]:
    """Share of tokens that are vowel-less letter runs or mixed letters-and-symbols, and the token count."""
    tokens = _TOKEN.findall(paragraph)
    if not tokens:
        return 0.0, 0
    search = _ODD_CANDIDATE.search
    odd = sum(1 for t in tokens if search(t) and (_vowelless(t) or _symbolic(t)))
    return odd / len(tokens), len(tokens)


def _looks_like_code_or_data(paragraph: str) -> bool:
    return bool(re.search(r"https?://|[{};]\s*$|^\s*[|+]-|</?[a-z]+>|\b(?:function|return|var|const|def|import)\b", paragraph, re.M))


def paragraphs_of(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for para in text.split("\n\n"):
        if para.strip():
            yield pos, pos + len(para)
        pos += len(para) + 2


# --- the detector ----------------------------------------------------------------------------------------------


class GarbledText:
    """One pass per field for all four garbled-text rules."""

    def __init__(self, rules: Sequence[Rule], config: Config) -> None:
        self.scope = {r.id: r.scope for r in rules}
        self.min_tokens = int(config.threshold("garbled.min_tokens", 10))
        self.scrambled_share = float(config.threshold("garbled.scrambled_share", 0.35))

    def _fields(self, article: Article, rule: str, enabled: frozenset[str]) -> Iterator[tuple[str, str]]:
        if rule not in enabled:
            return
        for name in self.scope.get(rule, ("title", "body")):
            text = article.field_text(name)
            if text:
                yield name, text

    def check(self, article: Article, ctx: CheckContext, enabled: frozenset[str]) -> Iterable[Hit]:
        hits: list[Hit] = []
        homoglyphs: list[Hit] = []
        for name, text in self._fields(article, HOMOGLYPH, enabled):
            for start, end, script, letters, fixed in mixed_script_words(text):
                homoglyphs.append(
                    Hit(HOMOGLYPH, name, start, end, suggestion=fixed, params={"script": script.capitalize(), "letters": " ".join(f"{c} (U+{ord(c):04X})" for c in letters)},
                        evidence={"script": script, "letters": [f"U+{ord(c):04X}" for c in letters]})
                )
        if len(homoglyphs) >= 3:  # many disguised words: a deliberate evasion of duplicate detection
            from ..model import Severity

            for hit in homoglyphs:
                hit.severity = Severity.ERROR
                hit.evidence["words_in_article"] = len(homoglyphs)
        hits.extend(homoglyphs)
        for name, text in self._fields(article, MOJIBAKE, enabled):
            for start, end, fixed in mojibake_spans(text, ctx.language):
                hits.append(Hit(MOJIBAKE, name, start, end, suggestion=fixed, evidence={"repaired": fixed}))
        obfuscated: set[tuple[str, int]] = set()
        for name, text in self._fields(article, ROT_OBFUSCATED, enabled):
            for m in _ROT47_WRAPPER.finditer(text):
                decoded = rot47(m.group(0))
                obfuscated.add((name, m.start()))
                hits.append(Hit(ROT_OBFUSCATED, name, m.start(), m.end(), suggestion=_strip_tags(decoded), params={"cipher": "ROT47"}, evidence={"cipher": "ROT47", "decoded": decoded[:500]}))
            for start, end in paragraphs_of(text):
                if any(n == name and start <= s < end for n, s in obfuscated):
                    continue
                found = decode_obfuscated(text[start:end])
                if found:
                    cipher, decoded = found
                    obfuscated.add((name, start))
                    hits.append(Hit(ROT_OBFUSCATED, name, start, end, suggestion=_strip_tags(decoded), params={"cipher": cipher}, evidence={"cipher": cipher, "decoded": decoded[:500]}))
        if ctx.language in VOWEL_LANGUAGES:
            for name, text in self._fields(article, SCRAMBLED, enabled):
                for start, end in paragraphs_of(text):
                    if any(n == name and start <= s < end for n, s in obfuscated):
                        continue
                    para = text[start:end]
                    share, count = scrambled_share(para)
                    if count >= self.min_tokens and share >= self.scrambled_share and not _looks_like_code_or_data(para):
                        hits.append(Hit(SCRAMBLED, name, start, end, params={"share": f"{share:.0%}"}, evidence={"odd_token_share": round(share, 3), "tokens": count}))
        return hits


def _strip_tags(text: str) -> str:
    return re.sub(r"</?p>", "", text).strip()
