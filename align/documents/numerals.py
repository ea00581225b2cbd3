"""Numbers as UN documents print them: Chinese numerals, Roman numerals, English ordinals.

Shared by segmentation (chapter 三 = III = 3), alignment anchors and the quality checks."""

from __future__ import annotations

import re

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG = {"万": 10_000, "亿": 100_000_000}
ZH_NUMERAL_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_UNITS) + "".join(_ZH_BIG)

# Heavenly stems and earthly branches label lettered items in older Chinese UN texts:
# (子)(丑)(寅) for (a)(b)(c) in the Charter, 甲 乙 丙 in others.
ZH_ITEM_LABELS = "子丑寅卯辰巳午未申酉戌亥"
ZH_STEM_LABELS = "甲乙丙丁戊己庚辛壬癸"


def zh_to_int(text: str) -> int | None:
    """一百零一 -> 101, 二十一 -> 21, 十 -> 10, 一九四五 -> 1945 (digit by digit). None if not a numeral."""
    if not text or any(ch not in ZH_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _ZH_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_ZH_DIGITS[ch]) for ch in text))
    # total: whole 亿s; wan: whole 万s below them; section: below 万. 一万亿 = 10^12, 三亿五千万 = 3.5 * 10^8.
    total, wan, section, number = 0, 0, 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            number = _ZH_DIGITS[ch]
        elif ch in _ZH_UNITS:
            section += (number or 1) * _ZH_UNITS[ch]
            number = 0
        elif ch == "万":
            wan += (section + number or 1) * 10_000
            section, number = 0, 0
        else:  # 亿
            total = (total + wan + section + number or 1) * _ZH_BIG[ch]
            wan, section, number = 0, 0, 0
    return total + wan + section + number


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")


def roman_to_int(text: str) -> int | None:
    t = text.upper()
    if not t or not _ROMAN_RE.match(t):
        return None
    total = 0
    for a, b in zip(t, t[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total


_EN_UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen"]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_EN_ORD_UNITS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                 "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                 "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"]
_EN_ORD_TENS = ["", "", "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth",
                "seventieth", "eightieth", "ninetieth"]


def _words_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for n in range(1, 100):
        if n < 20:
            card, ordi = _EN_UNITS[n], _EN_ORD_UNITS[n]
        elif n % 10 == 0:
            card, ordi = _EN_TENS[n // 10], _EN_ORD_TENS[n // 10]
        else:
            card = f"{_EN_TENS[n // 10]}-{_EN_UNITS[n % 10]}"
            ordi = f"{_EN_TENS[n // 10]}-{_EN_ORD_UNITS[n % 10]}"
        table[card] = n
        table[ordi] = n
    table["hundred"] = 100
    table["hundredth"] = 100
    return table


EN_NUMBER_WORDS = _words_table()
EN_SCALE_WORDS = {"thousand": 1_000, "thousandth": 1_000, "million": 1_000_000, "millionth": 1_000_000,
                  "billion": 1_000_000_000, "billionth": 1_000_000_000, "trillion": 10**12}


def en_words_to_int(text: str) -> int | None:
    """"fifty-fifth" -> 55, "twenty-one" -> 21, "one hundred and first" -> 101,
    "two thousand and fifteen" -> 2015, "three million" -> 3000000."""
    words = text.lower().replace("\u2010", "-").replace(" and ", " ").split()
    if not words:
        return None
    total, group = 0, 0
    for w in words:
        if w in EN_SCALE_WORDS:
            total += max(group, 1) * EN_SCALE_WORDS[w]
            group = 0
        elif w in EN_NUMBER_WORDS:
            v = EN_NUMBER_WORDS[w]
            group = max(group, 1) * 100 if v == 100 else group + v
        else:
            return None
    return total + group


def label_number(label: str) -> int | None:
    """The integer behind a heading or paragraph label: "三" -> 3, "III" -> 3, "24" -> 24."""
    label = label.strip()
    if label.isdigit():
        return int(label)
    return zh_to_int(label) or roman_to_int(label)
