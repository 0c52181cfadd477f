"""The regency figures of the built-in layer, typed by hand, and the priority order they give by hand.

Poverty rate (%) and poor people of the ten kab/kota of Kalimantan Timur as the shipped layer holds them
(BPS 2024 as reported; ../shared/docs/DOMAIN.md); Penajam Paser Utara's count was never sourced. With the
default weights (1 and 1) each indicator is rescaled 0-100 over the ten (min-max) and a regency's score is
the mean over the indicators it has: Kutai Kartanegara (7.28 %, 59,000) scores
((7.28 - 2.23) / 8.52 * 100 + 100) / 2 = 79.64.
"""

from __future__ import annotations

FIGURES = {"64.01": (8.63, 25280), "64.02": (7.28, 59000), "64.03": (5.08, 12350), "64.07": (9.56, 14490),
           "64.08": (8.81, 37110), "64.09": (6.68, None), "64.11": (10.75, 2900), "64.71": (2.23, 14530),
           "64.72": (4.30, 37800), "64.74": (3.74, 7110)}


def scores() -> dict[str, float]:
    rates = [r for r, _ in FIGURES.values()]
    counts = [n for _, n in FIGURES.values() if n is not None]
    out = {}
    for code, (rate, count) in FIGURES.items():
        parts = [(rate - min(rates)) / (max(rates) - min(rates)) * 100]
        if count is not None:
            parts.append((count - min(counts)) / (max(counts) - min(counts)) * 100)
        out[code] = round(sum(parts) / len(parts), 2)
    return out


ORDER = sorted(FIGURES, key=lambda c: (-scores()[c], c))  # rank 1 first
