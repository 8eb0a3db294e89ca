"""``make bench``: run every section and print one table.

``LMS_BENCH_ONLY=levels,export`` runs only the named sections; ``LMS_BENCH_ROWS`` sets the export's size.
"""

import os
import sys
from collections.abc import Callable

from lms.bench import (
    certificate,
    engine,
    export,
    overload,
    pages,
    parsing,
    review,
    save,
    scale,
    signin,
    startup,
    timed_typing,
)
from lms.bench.report import Figure, table

SECTIONS: dict[str, Callable[[], list[Figure]]] = {
    "levels": engine.level_engine,
    "parsing": parsing.gift_block,
    "typing": timed_typing.timed_test,
    "export": lambda: export.export(int(os.environ.get("LMS_BENCH_ROWS", "100000"))),
    "startup": startup.startup,
    "pages": pages.pages,
    "scale": scale.scale,
    "certificate": certificate.certificate,
    "save": save.save,
    "capacity": save.capacity,
    "overload": overload.overload,  # after capacity: 1.5 times the agents it held, when it ran
    "signin": signin.signin,
    "review": review.review,
}


def main() -> None:
    only = [name for name in os.environ.get("LMS_BENCH_ONLY", "").split(",") if name]
    unknown = [name for name in only if name not in SECTIONS]
    if unknown:
        sys.exit(f"unknown bench sections: {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    figures: list[Figure] = []
    for name, run in SECTIONS.items():
        if only and name not in only:
            continue
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        figures.extend(run())
    print(table(figures))


if __name__ == "__main__":
    main()
