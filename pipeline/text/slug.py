"""A page's own address names its headline: the last segment of an article's URL is the headline's *slug*.

Feed dumps, reader services ("URL Source: https://..."), copy-paste from a browser and CMS exports print the article's
address on a line of its own near the headline, and most CMSs build its last path segment from the headline: folded
to lower case, accents dropped, words joined with hyphens ("/2026/03/04/anapolis-amplia-horario-de-vacinacao/"), often
with a numeric id or ".html" after it, sometimes cut short. A line whose words are the slug's is the headline, in any
language whose slugs keep its words (Latin scripts, and percent-encoded Cyrillic, Greek or Arabic ones).

Only an address standing on its own line (a bare URL, or one after a label: "URL Source: <url>") counts: a teaser's
link ("[Other story](https://...)") names another article.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from urllib.parse import unquote, urlsplit

from pipeline.text.paragraphs import ends_sentence

# A line holding one address and at most a short label before it ("URL Source:", "Canonical:", "Link:").
ADDRESS_LINE_RE = re.compile(r"(?:[^\W\d_][\w ]{0,24}:\s*)?(?P<url>https?://\S+)")
# What a slug adds after the headline's words: a numeric id, a file extension, a hash.
SLUG_TAIL_RE = re.compile(r"(?:[-_.]?(?:\d{4,}|[0-9a-f]{8,}|html?|php|aspx?|amp))+$")
WORD_RE = re.compile(r"[^\W_]+")
# A slug cut short still names its headline with this many words; fewer name too many lines ("news", "local-news").
MIN_SLUG_WORDS = 4
# Lines above and below a headline that its address line may be on.
MAX_ADDRESS_DISTANCE = 6


def spelled_as_slug(text: str) -> tuple[str, ...]:
    """``text``'s words as a slug spells them: lower case, accents dropped, apostrophes joined.

    >>> spelled_as_slug("Anápolis amplia horário de vacinação")
    ('anapolis', 'amplia', 'horario', 'de', 'vacinacao')
    >>> spelled_as_slug("Eastbrook's co-op")
    ('eastbrooks', 'co', 'op')
    """
    decomposed = unicodedata.normalize("NFKD", text.replace("'", "").replace("\u2019", "")).casefold()
    return tuple(WORD_RE.findall("".join(char for char in decomposed if not unicodedata.combining(char))))


def slug_words(line: str) -> tuple[str, ...]:
    """The words of the last path segment of the address ``line`` holds on its own, without an id or extension
    after them; () when the line is not an address line.

    >>> slug_words("https://gazeta.com.br/cidades/2026/03/04/anapolis-amplia-horario-de-vacinacao/")
    ('anapolis', 'amplia', 'horario', 'de', 'vacinacao')
    >>> slug_words("URL Source: https://example.com/news/uk-storm-closes-roads-12345678.html?ref=rss")
    ('uk', 'storm', 'closes', 'roads')
    >>> slug_words("https://example.org/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8-%D0%B4%D0%BD%D1%8F")
    ('новости', 'дня')
    >>> slug_words("Read [the story](https://example.com/a-b-c-d)"), slug_words("https://example.com/")
    ((), ())
    """
    match = ADDRESS_LINE_RE.fullmatch(line.strip())
    if match is None:
        return ()
    path = urlsplit(match.group("url")).path
    segment = next((part for part in reversed(path.split("/")) if part), "")
    return spelled_as_slug(SLUG_TAIL_RE.sub("", unquote(segment)))


def names(slug: Sequence[str], line: str) -> bool:
    """Whether ``slug`` spells ``line``: the same words, or the first of them when either was cut short, at least
    ``MIN_SLUG_WORDS`` of them.

    >>> slug = ("anapolis", "amplia", "horario", "de", "vacinacao")
    >>> names(slug, "Anápolis amplia horário de vacinação"), names(slug[:4], "Anápolis amplia horário de vacinação")
    (True, True)
    >>> names(slug, "Anápolis amplia horário"), names(("a", "b", "c", "d"), "A b c d e f g h i")
    (False, True)
    """
    words = spelled_as_slug(line)
    shorter = min(len(slug), len(words))
    return shorter >= MIN_SLUG_WORDS and tuple(slug[:shorter]) == words[:shorter]


def named_by_address(paragraphs: Sequence[str], lines: Iterable[int]) -> int | None:
    """The position, among ``lines``, of the first line that an address line within ``MAX_ADDRESS_DISTANCE`` lines
    of it spells (:func:`names`); not a sentence. None when there is none.

    >>> page = ["Gazeta do Cerrado", "https://gazeta.com.br", "Anápolis amplia horário de vacinação em 12 postos",
    ...         "https://gazeta.com.br/cidades/anapolis-amplia-horario-de-vacinacao-em-12-postos/", "A Prefeitura vai."]
    >>> named_by_address(page, range(4))
    2
    >>> named_by_address(page[:3] + page[4:], range(4)) is None
    True
    """
    positions = list(lines)
    if not positions:
        return None
    # Most pages print no address near their top: the slugs are read once, and only when there are any.
    reach = range(
        max(0, positions[0] - MAX_ADDRESS_DISTANCE), min(len(paragraphs), positions[-1] + MAX_ADDRESS_DISTANCE + 1)
    )
    slugs = [(index, slug) for index in reach if "://" in paragraphs[index] and (slug := slug_words(paragraphs[index]))]
    if not slugs:
        return None
    for position in positions:
        line = paragraphs[position]
        if ends_sentence(line):
            continue
        if any(abs(index - position) <= MAX_ADDRESS_DISTANCE and names(slug, line) for index, slug in slugs):
            return position
    return None
