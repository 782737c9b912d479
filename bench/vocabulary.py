"""Swedish free text with the word frequencies of real Swedish, for the generated incidents.

The words and their frequencies come from wordfreq's Swedish list (subtitles, Wikipedia, news,
web text; pinned in uv.lock, so the same seed gives the same text). Words are drawn with
their frequency, so the text follows Zipf's law as written Swedish does: a few words in every
description, a long tail seen once or twice; the search index then holds tens of thousands of
distinct words, as a region's would, instead of the few hundred of the domain sentences alone.
The draws are made in batches through `random.choices` over cumulative weights computed once.
"""

from __future__ import annotations

import random
from functools import cache
from itertools import accumulate

#: The most frequent words of the list; the rest (under about one in ten million) adds
#: little but lookup time.
SIZE = 100_000


@cache
def vocabulary(exclude: tuple[str, ...] = ()) -> tuple[list[str], list[float]]:
    """The words (letters only) and their cumulative frequencies, most frequent first.

    A word starting with one of `exclude` is left out: the bench's rare search word must stay
    as rare as the generator makes it."""
    from wordfreq import get_frequency_dict

    words = [
        (word, frequency)
        for word, frequency in get_frequency_dict("sv").items()
        if word.isalpha() and not word.startswith(exclude)
    ][:SIZE]
    return [word for word, _f in words], list(accumulate(f for _w, f in words))


class FreeText:
    """Sentences of Swedish words drawn by frequency, from a pool refilled in batches."""

    def __init__(self, rng: random.Random, exclude: tuple[str, ...] = (), batch: int = 200_000):
        self.rng, self.batch = rng, batch
        self.words, self.cum = vocabulary(exclude)
        self.pool: list[str] = []
        self.at = 0

    def _take(self, n: int) -> list[str]:
        if self.at + n > len(self.pool):
            rest = self.pool[self.at :]
            self.pool = rest + self.rng.choices(
                self.words, cum_weights=self.cum, k=max(self.batch, n)
            )
            self.at = 0
        taken = self.pool[self.at : self.at + n]
        self.at += n
        return taken

    def sentences(self, words: int) -> str:
        """About `words` words, in sentences of four to fourteen."""
        out = []
        while words > 0:
            n = min(words, 4 + int(self.rng.random() * 11))
            taken = self._take(n)
            out.append(f"{taken[0].capitalize()} {' '.join(taken[1:])}.".replace(" .", "."))
            words -= n
        return " ".join(out)

    def length(self, mean: int) -> int:
        """A text length around `mean` words: most short, some long (exponential)."""
        return 1 + int(self.rng.expovariate(1 / mean))
