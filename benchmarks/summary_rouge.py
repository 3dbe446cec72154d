"""ROUGE of incident summaries against AllSides' human-written neutral roundups.

    python benchmarks/summary_rouge.py [--data ../shared/eval] [--limit N]

Articles of ``allsides.jsonl`` are grouped by their gold story label (so only the
summariser is measured, not the clusterer), each story is summarised by
:func:`digest.briefs.summary.choose_summary`, and the summary is scored with ROUGE-1/2/L
(rouge-score, Porter stemming; F1, with precision and recall) against the story's roundup
in ``allsides-roundups.jsonl``. Beside it, two baselines over the same articles:

- lead: the first sentence of each article (what a reader skimming leads gets);
- lead-n: as many sentences as the summary has, taken from the top of the articles in turn
  (first sentences, then second ones, ...): the lead at the summary's length, because F1
  against a roundup rewards a longer text's recall;
- random: as many sentences as the summary has, drawn with a fixed seed.

Prints one table; exits 1 if the summariser does not beat the lead baseline on ROUGE-1 and
ROUGE-L F1 (the issue's bar), so CI can run it.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

from rouge_score import rouge_scorer

from digest.briefs.summary import choose_summary
from digest.errors import SourceError
from digest.model import Article, Document
from digest.normalise import normalise

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval"
METRICS = ("rouge1", "rouge2", "rougeL")

Summariser = Callable[[Sequence[Article]], list[str]]


def load_stories(data: Path) -> list[tuple[str, list[Article], str]]:
    """(story label, its articles oldest first as the incident stage gives them, roundup)."""
    roundups = {}
    for line in (data / "allsides-roundups.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        roundups[row["cluster"]] = row["roundup"]
    articles: dict[str, list[Article]] = defaultdict(list)
    for line in (data / "allsides.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        document = Document(
            path=f"articles/{row['id']}.txt",
            text=row["text"],
            title=row.get("title"),
            outlet=row.get("source"),
        )
        try:
            articles[row["cluster"]].append(normalise(document))
        except SourceError:
            continue
    return [
        (label, articles[label], roundups[label])
        for label in sorted(articles)
        if label in roundups and articles[label]
    ]


def ours(articles: Sequence[Article]) -> list[str]:
    return [sentence.text for sentence in choose_summary(articles)]


def lead(articles: Sequence[Article]) -> list[str]:
    return [article.sentences[0].text for article in articles if article.sentences]


def lead_n(articles: Sequence[Article], count: int) -> list[str]:
    picked: list[str] = []
    depth = 0
    while len(picked) < count and any(len(a.sentences) > depth for a in articles):
        for article in articles:
            if len(article.sentences) > depth and len(picked) < count:
                picked.append(article.sentences[depth].text)
        depth += 1
    return picked


def random_baseline(seed: int) -> Callable[[Sequence[Article], int], list[str]]:
    generator = random.Random(seed)

    def pick(articles: Sequence[Article], count: int) -> list[str]:
        pool = [sentence.text for article in articles for sentence in article.sentences]
        return generator.sample(pool, min(count, len(pool)))

    return pick


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=0, help="Only the first N stories.")
    args = parser.parse_args(argv)
    if not (args.data / "allsides.jsonl").is_file():
        print(f"{args.data}/allsides.jsonl is absent: nothing to measure", file=sys.stderr)
        return 2
    stories = load_stories(args.data)
    if args.limit:
        stories = stories[: args.limit]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    pick_random = random_baseline(seed=5)
    totals: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    lengths: dict[str, list[int]] = defaultdict(list)
    for _, articles, roundup in stories:
        summary = ours(articles)
        systems = {
            "digest": summary,
            "lead": lead(articles),
            "lead-n": lead_n(articles, max(len(summary), 1)),
            "random": pick_random(articles, max(len(summary), 1)),
        }
        for name, sentences in systems.items():
            scores = scorer.score(roundup, " ".join(sentences))
            lengths[name].append(len(" ".join(sentences).split()))
            for metric in METRICS:
                totals[name][f"{metric}.p"].append(scores[metric].precision)
                totals[name][f"{metric}.r"].append(scores[metric].recall)
                totals[name][f"{metric}.f"].append(scores[metric].fmeasure)
    print(f"AllSides: {len(stories)} stories, summaries vs human roundups (mean over stories)")
    header = "system   words  " + "  ".join(f"{m:>20}" for m in METRICS)
    print(header)
    print(" " * 15 + "  ".join(f"{'P     R     F1':>20}" for _ in METRICS))
    mean: dict[str, dict[str, float]] = {}
    for name in ("digest", "lead", "lead-n", "random"):
        mean[name] = {key: sum(v) / len(v) for key, v in totals[name].items()}
        words = sum(lengths[name]) / len(lengths[name])
        cells = "  ".join(
            f"{mean[name][m + '.p']:.3f} {mean[name][m + '.r']:.3f} {mean[name][m + '.f']:.3f}"
            for m in METRICS
        )
        print(f"{name:<8} {words:5.0f}  {cells}")
    beats = all(mean["digest"][f"{m}.f"] > mean["lead"][f"{m}.f"] for m in ("rouge1", "rougeL"))
    print("digest beats the lead baseline on ROUGE-1 and ROUGE-L F1:", "yes" if beats else "NO")
    same_length = all(mean["digest"][f"{m}.f"] > mean["lead-n"][f"{m}.f"] for m in METRICS)
    print("... and the lead at the same length on ROUGE-1/2/L F1:", "yes" if same_length else "no")
    return 0 if beats else 1


if __name__ == "__main__":
    sys.exit(main())
