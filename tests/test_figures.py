"""Numbers with what they count, who reported them and the sentence: hand-made sentences."""

from __future__ import annotations

import pytest

from digest.text.figures import find_figures
from digest.text.sentences import split_sentences


def figures(text: str) -> list[tuple[str, str, float, str | None, str | None]]:
    return [
        (f.category, f.number, f.value, f.qualifier, f.counted)
        for f in find_figures(text, split_sentences(text))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "At least 16 people were killed in the strikes, officials said.",
            [("killed", "16", 16.0, "At least", "people")],
        ),
        (
            "The blast killed nine and wounded 30 others.",
            [("killed", "nine", 9.0, None, None), ("injured", "30", 30.0, None, "others")],
        ),
        (
            "US forces struck more than 85 targets with over 125 precision-guided munitions.",
            [
                ("targets", "85", 85.0, "more than", "targets"),
                ("munitions", "125", 125.0, "over", "precision-guided munitions"),
            ],
        ),
        (
            "The militias carried out more than 165 rocket and drone attacks on bases.",
            [("attacks", "165", 165.0, "more than", "rocket and drone attacks")],
        ),
        (
            "The Pentagon will send 2,500 troops to the region.",
            [("troops", "2,500", 2500.0, None, "troops")],
        ),
        (
            "The government pledged $48 million to rebuild the embankments.",
            [("money", "$48 million", 48e6, None, None)],
        ),
        (
            "The death toll from the floods rose to 14 on Wednesday.",
            [("killed", "14", 14.0, None, None)],
        ),
        (
            "About 8,500 people have been displaced and 31 were being treated in hospital.",
            [
                ("displaced", "8,500", 8500.0, "About", "people"),
                ("injured", "31", 31.0, None, None),
            ],
        ),
        ("Twenty-five people were injured.", [("injured", "Twenty-five", 25.0, None, "people")]),
    ],
)
def test_figures_with_what_they_count(text: str, expected: list) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The attack happened on January 13, 2024, at 2 a.m. local time.",
        "A 34-year-old man was arrested after four days of searching.",
        "The river rose 3 metres in 20 minutes, 40 percent faster than in 1998.",
        "Two F-16 jets flew over the city under Resolution 2334.",
        "One of the officials said the talks would resume.",
        "He won 52 votes in the 2019 election.",
    ],
)
def test_dates_times_ages_measures_and_names_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_reporter_and_sentence_are_kept_verbatim() -> None:
    text = (
        "Floodwaters swept through villages overnight.\n"
        "The water killed at least nine people, local authorities said on Tuesday."
    )
    (figure,) = find_figures(text, split_sentences(text))
    assert figure.reporter == "local authorities"
    assert (
        figure.sentence
        == "The water killed at least nine people, local authorities said on Tuesday."
    )
    assert text[figure.start : figure.end] == "nine" == figure.number
    assert figure.number in figure.sentence


def test_according_to_is_the_reporter() -> None:
    text = "According to the health ministry, 23 people were wounded."
    (figure,) = find_figures(text, split_sentences(text))
    assert (figure.category, figure.reporter) == ("injured", "the health ministry")
