"""Lines that are never a headline: breadcrumbs, date lines, bylines, domains, in many languages."""

from __future__ import annotations

import pytest

from pipeline.text.title_chrome import is_breadcrumb, is_byline, is_date_line, is_title_chrome

HEADLINE = "Kerry seeks to narrow divisions with Russia"


@pytest.mark.parametrize(
    "line",
    [
        "Home > Business > World",
        "Accueil › Économie › Monde",
        "Startseite » Politik » Ausland",
        "Inicio / Deportes / Fútbol",
        "Beranda | Berita | Internasional",
        "Nyumbani → Habari → Kimataifa",
        "Home · News · Politics",
        "Startseite - Politik - Ausland",
        "Inicio > Economía y Finanzas > Bolsa",
        "Главная › Новости › Мир",
        # An arrow trail may end with the page's own headline.
        "Home > Politics > Minister quits after budget row with Treasury",
    ],
)
def test_breadcrumbs(line: str):
    assert is_breadcrumb(line)
    assert is_title_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        HEADLINE,
        "Taxes must be trusted - Kennedy - Example Daily News",
        "Kenya - Uganda - Tanzania border dispute",
        "Wales 24-18 Ireland",
        "Ferguson fears Milan cutting edge | Metro Digest",
        "«Oui» ou «non» : les Suisses votent",
        "Home > Business > World. Prices rose.",
    ],
)
def test_not_breadcrumbs(line: str):
    assert not is_breadcrumb(line)


@pytest.mark.parametrize(
    "line",
    [
        "Dienstag, 4. März 2024, 10:15 Uhr",
        "Publicado el 5 de mayo de 2024 a las 14:30",
        "Mis à jour le 12/03/2024 à 14h30",
        "2024-03-12 14:30",
        "March 3, 2024",
        "Selasa, 12 Maret 2024 09:15 WIB",
        "2024年3月12日",
    ],
)
def test_date_lines(line: str):
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    ["Ireland 21-19 Argentina", "On 5 May 2024 the talks collapsed in the capital.", "£1.8m fine for Viacom", HEADLINE],
)
def test_not_date_lines(line: str):
    assert not is_date_line(line)


@pytest.mark.parametrize(
    "line", ["By Jane Doe", "Par Jean-Luc Dupont, AFP", "Von Hans Müller (dpa)", "Oleh Budi Santoso", "Por María López"]
)
def test_bylines(line: str):
    assert is_byline(line)


@pytest.mark.parametrize("line", ["By the end of the year", HEADLINE, "Par", "By Jane Doe and 3 others said so."])
def test_not_bylines(line: str):
    assert not is_byline(line)


@pytest.mark.parametrize("line", ["Le Fil › Société", "News → World", "Accueil > Économie"])
def test_two_labels_and_an_arrow_are_a_breadcrumb(line: str):
    assert is_breadcrumb(line)


@pytest.mark.parametrize(
    "line", ["Profits > forecasts as sales soar", "« Oui » à la réforme", "Love / Hate", "Kenya - Uganda"]
)
def test_two_labels_and_another_separator_are_not(line: str):
    assert not is_breadcrumb(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("example.co.uk", True), ("www.capitolledger.com", True), ("12.03.2024", True), ("By Jane Doe", True),
     (HEADLINE, False), ("Oil rebounds", False), ("Wales 24-18 Ireland", False)],
)
def test_title_chrome(line: str, expected: bool):
    assert is_title_chrome(line) is expected
