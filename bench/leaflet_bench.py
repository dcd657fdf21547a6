"""``make bench`` (leaflets): time to render one personalised leaflet per language, warm, and
the size of each PDF. Goals: at most 150 ms and 400 KB each."""

from __future__ import annotations

import statistics
import time
from datetime import date

from intake_app.leaflets.contacts import load_force, national_support
from intake_app.leaflets.content import available_languages, load_pack
from intake_app.leaflets.render import CentreDetails, Personal, render_leaflet

CENTRE = CentreDetails(
    "Riverside Advice Centre",
    "12 Mill Lane, Leicester LE1 1AA",
    "Mon-Fri 10:00-16:00",
    "0116 496 0000",
)
RUNS = 7


def main() -> None:
    personal = Personal("RIVA-2026-00042-7", date(2026, 11, 21), "police_without_details")
    force, support = load_force("leicestershire"), national_support()
    print()
    print(f"{'leaflet':34}{'median':>10}{'max':>10}{'size':>10}   goal ≤ 150 ms, ≤ 400 KB")
    for code in available_languages():
        for large in (False, True):
            pack = load_pack(code)
            options = {
                "centre": CENTRE,
                "force": force,
                "support": support,
                "personal": personal,
                "large_print": large,
            }
            render_leaflet([pack], **options)  # warm: fonts registered, shaping caches filled
            times, size = [], 0
            for _ in range(RUNS):
                began = time.perf_counter()
                size = len(render_leaflet([pack], **options))
                times.append((time.perf_counter() - began) * 1000)
            label = f"{pack.english_name}{' (large print)' if large else ''}"
            print(
                f"{label:34}{statistics.median(times):>7.0f} ms{max(times):>7.0f} ms{size / 1024:>7.0f} KB"
            )


if __name__ == "__main__":
    main()
