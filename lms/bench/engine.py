"""The level engine over many synthetic agents (pure domain code, no database)."""

import random
import time
from datetime import date, timedelta
from pathlib import Path

from lms.bench.report import Figure
from lms.domain import competency, levels

RULES_FILE = Path(__file__).resolve().parents[2] / "question_banks" / "levels" / "levels.yaml"


def agents(count: int, today: date, rng: random.Random) -> list[levels.Facts]:
    """``count`` agents with varied tenure, awards, courses, drills, ratings and violations."""
    codes = ["junior", "intermediate", "senior", "expert"]
    modules = ["onboarding", "etiquette", "complaint-handling", "mot-basics", "mot-advanced"]
    found = []
    for _ in range(count):
        hired = today - timedelta(days=rng.randint(0, 1500))
        held = codes[: rng.randint(0, 3)]
        found.append(
            levels.Facts(
                today=today,
                hire_date=hired,
                awards={code: hired + timedelta(days=100 * (i + 1)) for i, code in enumerate(held)},
                modules=frozenset(rng.sample(modules, rng.randint(0, len(modules)))),
                series=frozenset({"selling"} if rng.random() < 0.5 else ()),
                exams={"promotion-junior": rng.uniform(40, 100), "promotion-intermediate": rng.uniform(40, 100)},
                typing=tuple(
                    (today - timedelta(days=rng.randint(0, 60)), "zh", rng.uniform(20, 120), rng.uniform(0.8, 1))
                    for _ in range(rng.randint(0, 5))
                ),
                replies=tuple(
                    (today - timedelta(days=rng.randint(0, 60)), rng.uniform(0.5, 1), rng.uniform(5, 30))
                    for _ in range(rng.randint(0, 3))
                ),
                competency={code: rng.randint(2, 5) for code in competency.WEIGHTS} if rng.random() < 0.7 else None,
                violations=tuple(
                    (today - timedelta(days=rng.randint(0, 400)), rng.choice([5, 10, 20]))
                    for _ in range(rng.randint(0, 2))
                ),
            )
        )
    return found


def level_engine(count: int = 100_000) -> list[Figure]:
    """Evaluate ``count`` agents; the baseline builds the same number of ``Facts`` (the cheapest pass over them)."""
    rules = levels.parse(RULES_FILE.read_text(encoding="utf-8"))
    begin = time.perf_counter()
    population = agents(count, date(2026, 11, 23), random.Random(7))
    built = time.perf_counter() - begin
    begin = time.perf_counter()
    results = [levels.evaluate(facts, rules) for facts in population]
    elapsed = time.perf_counter() - begin
    ready = sum(1 for r in results if r.ready_for_exam)
    return [
        Figure(
            "levels",
            f"level engine, {count:,} agents (pure)",
            elapsed,
            "s",
            "building their Facts",
            built,
            f"{ready:,} ready for their next exam",
        )
    ]
