"""XmR ("plot the dots") statistical process control analysis, with no Qt.

Two rule sets are implemented exactly:

``"mdc"``
    NHS England Making Data Count, Single Chart Tool v5: 6-point shift and trend,
    no moving-range screening, two of three points beyond 2 sigma, improvement wins
    a conflict, no limits or icons below 13 points, and the rules run across
    recalculations (each point is judged against its own section's lines).

``"ptd"``
    NHS-R NHSRplotthedots 0.2.2: 7-point shift and trend, moving-range screening on
    by default, one label per point by precedence, and every rule restarts at each
    recalculation (rebase).

The entry point is :func:`analyse` (values in date order) or :func:`analyse_dated`
(dates and values in any order, recalculation dates instead of indices).

The package, by seam: ``vocabulary`` (names, factors, rule-set profiles), ``inputs``
(checking what callers pass), ``limits`` (centre lines and process limits), ``runs``
(runs, trends and windows), ``rules`` (the two rule sets), ``icons`` (point types,
variation and assurance), ``results`` (what an analysis returns) and ``analysis``
(the entry points).
"""

from kiosk.spc.analysis import analyse, analyse_dated
from kiosk.spc.results import Analysis, Point, Section
from kiosk.spc.vocabulary import (
    ASSURANCES,
    IMPROVEMENTS,
    LIMIT_FACTOR,
    MIN_BASELINE,
    MR_SCREEN_FACTOR,
    POINT_TYPES,
    RULE_SETS,
    SHORT_SECTION,
    SIGNALS,
    TWO_SIGMA_FACTOR,
    VARIATIONS,
)

__all__ = [
    "ASSURANCES",
    "IMPROVEMENTS",
    "LIMIT_FACTOR",
    "MIN_BASELINE",
    "MR_SCREEN_FACTOR",
    "POINT_TYPES",
    "RULE_SETS",
    "SHORT_SECTION",
    "SIGNALS",
    "TWO_SIGMA_FACTOR",
    "VARIATIONS",
    "Analysis",
    "Point",
    "Section",
    "analyse",
    "analyse_dated",
]
