"""Numbers with what they count, who reported them and the sentence: hand-made sentences."""

from __future__ import annotations

import pytest

from digest.briefs import write_brief
from digest.evaluation.check import check_briefs
from digest.model import Document, Incident
from digest.normalise import normalise
from digest.text.figures import find_figures, listed_together
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


def joined(text: str) -> list[tuple[str, str | None, str, float, str | None]]:
    return [
        (f.category, f.qualifier, f.number, f.value, f.counted)
        for f in listed_together(find_figures(text, split_sentences(text)))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jets struck depots at two locations in Halvia and one location in Ostria.",
            [("targets", None, "two", 3.0, "locations in Halvia and one location in Ostria")],
        ),
        (
            # The noun left to the first figure, and a list of three with a qualifier.
            "Drones hit three bases in Halvia, two in Ostria and at least one base in Velda.",
            [
                (
                    "targets",
                    None,
                    "three",
                    6.0,
                    "bases in Halvia, two in Ostria and at least one base in Velda",
                )
            ],
        ),
        (
            "About 2,500 troops in Halvia and 900 in Ostria lead the mission.",
            [("troops", "About", "2,500", 3400.0, "troops in Halvia and 900 in Ostria")],
        ),
        (
            "The blast killed nine people in Halvik and 12 people in Sorrel Ford.",
            [("killed", None, "nine", 21.0, "people in Halvik and 12 people in Sorrel Ford")],
        ),
        # Different things counted, or not one list: each figure on its own.
        (
            "US forces struck more than 85 targets with over 125 precision-guided munitions.",
            [
                ("targets", "more than", "85", 85.0, "targets"),
                ("munitions", "over", "125", 125.0, "precision-guided munitions"),
            ],
        ),
        (
            "The strikes killed 16 people and injured 25 more.",
            [("killed", None, "16", 16.0, "people"), ("injured", None, "25", 25.0, None)],
        ),
        (
            "Rockets hit two bases in March and 3 bases in April after talks failed.",
            [("targets", None, "two", 2.0, "bases"), ("targets", None, "3", 3.0, "bases")],
        ),
    ],
)
def test_figures_listed_together_are_one_figure_shown_as_written(text: str, expected: list) -> None:
    assert joined(text) == expected


def test_a_joined_figure_keeps_every_number_in_its_cited_sentence() -> None:
    text = (
        "HALVIK (Basin Wire) — Jets struck two sites in Halvia and one site in Ostria on "
        "Sunday, the army said.\n"
        "Officials said the jets returned safely."
    )
    incident = Incident(
        id="sites", articles=(normalise(Document(path="articles/a.txt", text=text)),)
    )
    brief = write_brief(incident)
    (group,) = brief.figures
    (cited,) = group.reports
    assert (group.category, cited.figure.value) == ("targets", 3.0)
    shown = f"{cited.figure.number} {cited.figure.counted}"
    assert shown == "two sites in Halvia and one site in Ostria"
    assert shown in cited.figure.sentence
    assert check_briefs([brief]) == ()
    # Another outlet that counts three sites agrees with it: no dispute is flagged.
    other = "Jets struck three sites in Halvia and Ostria on Sunday, officials said."
    both = Incident(
        id="sites",
        articles=(*incident.articles, normalise(Document(path="articles/b.txt", text=other))),
    )
    (group,) = write_brief(both).figures
    assert not group.disputed and len(group.reports) == 2
