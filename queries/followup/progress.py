"""Metric progress on one 0..1 scale, the expected trajectory, a status with the numbers behind it, a trend.

The rule (the same in ``queries/sparql/followup_status.rq`` and ``queries/cypher/analysis_followup_status.cypher``):

1. Only observations of years up to the as-of date count; the *latest* is the one of the latest year.
2. **progress** = (latest - baseline) / (target - baseline), clamped to 0..1, for ``increase`` and
   ``decrease`` (the sign of target - baseline carries the direction). A ``maintain`` metric has
   progress 1 while the latest value is within ``tolerance`` of the target (the metric's own tolerance,
   else ``maintain_tolerance`` x |target|), falling linearly to 0 at twice that distance.
3. **expected progress** = (latest year - baseline year) / (target year - baseline year), clamped to
   0..1 (always 1 for ``maintain``); the **expected value** is baseline + expected x (target - baseline),
   the point on the straight trajectory from baseline to target in the latest observation's year.
4. **gap** = expected - progress. Status ``on_track`` when gap <= ``Thresholds.behind``,
   ``behind`` when gap <= ``Thresholds.off_track``, else ``off_track``.
5. Explicit statuses instead of a guess: ``no_target`` (no target value or year), ``no_baseline``
   (no baseline value or year), ``no_direction`` (unknown direction), ``no_data`` (fewer than
   ``Thresholds.min_observations`` observations up to the as-of date).
6. **trend**: the least-squares yearly rate through the baseline and the observations; ``reaches_target``
   says whether the line is at or beyond the target (within tolerance for ``maintain``) in the target year.

Data that is legal but doubtful gives a warning (``MetricProgress.warnings``), never silence.

The reason and the warnings are data first: a :class:`Note` (a code of :data:`REASONS` or
:data:`WARNINGS` and the numbers it is filled with), so that the report can word them in its own
language (``visualize/words.yaml``); ``reason`` and ``warnings`` are the English sentences.

Examples
--------
>>> p = metric_progress("M1", baseline=100, baseline_year=2020, target=200, target_year=2030,
...                     direction="increase", observations=[(2022, 110), (2024, 120)])
>>> p.status, p.progress, p.expected_progress, p.expected_value
('behind', 0.2, 0.4, 140.0)
>>> p.trend_per_year, p.reaches_target
(5.0, False)
>>> p.reason_note.code, p.reason_note.facts["expected_value"]
('measured_misses', 140.0)
>>> metric_progress("M2", baseline=5, baseline_year=2020, target=None, target_year=None,
...                 direction="increase", observations=[(2021, 6), (2022, 7)]).status
'no_target'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from graph_model.schema_types import MetricDirection
from ontologies.errors import UsageError

__all__ = ["Thresholds", "MetricProgress", "metric_progress", "STATUSES", "MEASURED", "Note", "REASONS", "WARNINGS"]

#: Every status, best first; the first three are *measured* (a progress and a gap exist).
STATUSES = ("on_track", "behind", "off_track", "no_data", "no_target", "no_baseline", "no_direction")
MEASURED = STATUSES[:3]

_MEASURED_REASON = ("progress {progress:.0%} vs {expected:.0%} expected in {latest_year} (value {latest:g}, expected "
                    "{expected_value:g}); trend {trend:+.3g}/year reaches {at_target:.4g} by {target_year} ({verdict} "
                    "target {target:g})")
#: What a metric's reason says, by :attr:`Note.code`, with ``{fields}`` from :attr:`Note.facts`.
#: The report words the same codes in Finnish (``followup_notes_fi`` in visualize/words.yaml; a test checks).
REASONS: dict[str, str] = {
    "measured_meets": _MEASURED_REASON.replace("{verdict}", "meets"),
    "measured_misses": _MEASURED_REASON.replace("{verdict}", "misses"),
    "no_target": "no target value or target year",
    "no_baseline": "no baseline value or baseline year",
    "no_direction": "the direction (increase, decrease or maintain) is not known",
    "no_data": "{observations} observation(s); {needed} needed",
}
#: What a metric's warnings say, by :attr:`Note.code` (worded in Finnish beside :data:`REASONS`).
WARNINGS: dict[str, str] = {
    "two_observations": "two observations for {year}; the later row ({value:g}) is used",
    "before_baseline": "observations before the baseline year {baseline_year}",
    "stale": "the latest observation ({latest_year}) is {age} years old",
    "target_wrong_side": "the target {target:g} is on the wrong side of the baseline {baseline:g} for "
                         "'{direction}'; progress follows the target",
    "moved_away": "the latest value {latest:g} has moved away from the target since the baseline",
    "after_target_year": "the latest observation ({latest_year}) is after the target year {target_year}",
}


@dataclass(frozen=True)
class Note:
    """A reason or a warning as data: its ``code`` (a key of :data:`REASONS` or :data:`WARNINGS`) and
    the ``facts`` (numbers, years, the direction code) its sentence is filled with.

    >>> note = Note("stale", {"latest_year": 2023, "age": 3})
    >>> note.text()
    'the latest observation (2023) is 3 years old'
    >>> note.text({"stale": "viimeisin havainto ({latest_year}) on {age} vuotta vanha"})
    'viimeisin havainto (2023) on 3 vuotta vanha'
    """

    code: str
    facts: dict = field(default_factory=dict, hash=False)

    def text(self, templates: dict[str, str] | None = None) -> str:
        """The sentence from ``templates`` (default: the English :data:`REASONS` and :data:`WARNINGS`)."""
        template = (templates or {}).get(self.code) or REASONS.get(self.code) or WARNINGS[self.code]
        return template.format(**self.facts)

    def as_dict(self) -> dict:
        """``{"code": ..., "facts": {...}}`` for JSON (numbers unrounded: the sentence rounds them).

        >>> Note("no_data", {"observations": 1, "needed": 2}).as_dict()
        {'code': 'no_data', 'facts': {'observations': 1, 'needed': 2}}
        """
        return {"code": self.code, "facts": dict(self.facts)}


@dataclass(frozen=True)
class Thresholds:
    """The named, configurable thresholds of the status rule (all on the 0..1 progress scale).

    ``behind``: the largest gap (expected - actual progress) still ``on_track`` (default 0.10).
    ``off_track``: the largest gap still ``behind`` (default 0.25); beyond it ``off_track``.
    ``min_observations``: fewer observations give ``no_data`` (default 2).
    ``maintain_tolerance``: a ``maintain`` metric without a tolerance of its own may be this share of
    |target| away from the target and still be met (default 0.05).
    ``stale_years``: a latest observation this many years older than the as-of year is warned about.

    >>> Thresholds(behind=0.05).off_track
    0.25
    >>> Thresholds(behind=0.3, off_track=0.2)
    Traceback (most recent call last):
    ...
    ontologies.errors.UsageError: thresholds must satisfy 0 <= behind <= off_track <= 1; got behind=0.3, off_track=0.2
    """

    behind: float = 0.10
    off_track: float = 0.25
    min_observations: int = 2
    maintain_tolerance: float = 0.05
    stale_years: int = 3

    def __post_init__(self):
        if not 0 <= self.behind <= self.off_track <= 1:
            raise UsageError(f"thresholds must satisfy 0 <= behind <= off_track <= 1; "
                             f"got behind={self.behind}, off_track={self.off_track}")
        if self.min_observations < 1 or self.maintain_tolerance < 0:
            raise UsageError("min_observations must be at least 1 and maintain_tolerance not negative")

    def status(self, gap: float) -> str:
        """The status for a gap (expected - actual progress).

        >>> Thresholds().status(0.1), Thresholds().status(0.2), Thresholds().status(0.3)
        ('on_track', 'behind', 'off_track')
        """
        return "on_track" if gap <= self.behind + 1e-12 else "behind" if gap <= self.off_track + 1e-12 else "off_track"

    def describe(self) -> str:
        """The rule in one sentence, for the output."""
        return (f"gap = expected - actual progress; on_track if gap <= {self.behind:g}, behind if gap <= "
                f"{self.off_track:g}, else off_track; no_data below {self.min_observations} observations")


@dataclass(frozen=True)
class MetricProgress:
    """One metric's follow-up: the numbers behind its status (None where they cannot be computed)."""

    metric: str
    status: str
    direction: str | None = None
    baseline: float | None = None
    baseline_year: int | None = None
    target: float | None = None
    target_year: int | None = None
    latest_year: int | None = None
    latest_value: float | None = None
    observations: int = 0
    progress: float | None = None
    expected_progress: float | None = None
    expected_value: float | None = None
    gap: float | None = None
    trend_per_year: float | None = None
    trend_at_target_year: float | None = None
    reaches_target: bool | None = None
    reason_note: Note | None = None
    warning_notes: tuple[Note, ...] = ()
    series: tuple[tuple[int, float], ...] = field(default=(), repr=False)

    @property
    def reason(self) -> str:
        """The numbers behind the status in one English sentence (:data:`REASONS`)."""
        return self.reason_note.text() if self.reason_note is not None else ""

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings in English (:data:`WARNINGS`)."""
        return tuple(note.text() for note in self.warning_notes)

    @property
    def measured(self) -> bool:
        """True when a progress and a gap exist (on track, behind or off track)."""
        return self.status in MEASURED

    def as_row(self) -> dict:
        """The numbers as a flat row (rounded for reading; the series is left out)."""
        row = {k: getattr(self, k) for k in ("metric", "status", "direction", "baseline", "baseline_year", "target",
                                            "target_year", "latest_year", "latest_value", "observations")}
        for key in ("progress", "expected_progress", "expected_value", "gap", "trend_per_year",
                    "trend_at_target_year"):
            value = getattr(self, key)
            row[key] = None if value is None else round(value, 4)
        row.update(reaches_target=self.reaches_target, reason=self.reason, warnings=list(self.warnings))
        return row

    def as_dict(self) -> dict:
        """:meth:`as_row` plus the reason and the warnings as data (``reason_code``, ``reason_facts``,
        ``warning_codes``: the :class:`Note` codes and facts), for JSON.

        >>> row = metric_progress("M", baseline=1, baseline_year=2020, target=None, target_year=None,
        ...                       direction="increase", observations=[]).as_dict()
        >>> row["reason"], row["reason_code"], row["reason_facts"], row["warning_codes"]
        ('no target value or target year', 'no_target', {}, [])
        """
        row = self.as_row()
        reason = self.reason_note.as_dict() if self.reason_note is not None else {"code": "", "facts": {}}
        row.update(reason_code=reason["code"], reason_facts=reason["facts"],
                   warning_codes=[note.as_dict() for note in self.warning_notes])
        return row


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def _least_squares(points: Sequence[tuple[int, float]]) -> tuple[float, float]:
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    return slope, my - slope * mx


def _series(observations, as_of_year, warnings) -> list[tuple[int, float]]:
    by_year: dict[int, float] = {}
    for year, value in sorted(observations, key=lambda o: o[0]):  # stable: the caller's order breaks ties
        if as_of_year is not None and year > as_of_year:
            continue
        if year in by_year:
            warnings.append(Note("two_observations", {"year": year, "value": value}))
        by_year[year] = value
    return sorted(by_year.items())


def metric_progress(metric: str, *, baseline: float | None, baseline_year: int | None, target: float | None,
                    target_year: int | None, direction: str | None, observations: Sequence[tuple[int, float]],
                    tolerance: float | None = None, as_of_year: int | None = None,
                    thresholds: Thresholds = Thresholds()) -> MetricProgress:
    """Follow one metric up: progress, expected value, status, trend (see the module's rule).

    Parameters
    ----------
    metric : str
        The metric's id (copied to the result).
    baseline, baseline_year, target, target_year, direction, tolerance
        The metric's definition; ``direction`` is ``increase``, ``decrease`` or ``maintain``.
    observations : sequence of (year, value)
        The yearly values.
    as_of_year : int, optional
        Ignore observations after this year.
    thresholds : Thresholds
        The status thresholds.

    Returns
    -------
    MetricProgress

    Examples
    --------
    >>> metric_progress("M", baseline=13.9, baseline_year=2020, target=8, target_year=2025,
    ...                 direction="decrease", observations=[(2023, 9.9), (2024, 11.0)]).status
    'off_track'
    >>> metric_progress("M", baseline=50, baseline_year=2020, target=50, target_year=2025, tolerance=2,
    ...                 direction="maintain", observations=[(2021, 51), (2022, 53)]).progress
    0.5
    """
    warnings: list[Note] = []
    series = _series(observations, as_of_year, warnings)
    base = dict(metric=metric, direction=direction, baseline=baseline, baseline_year=baseline_year, target=target,
                target_year=target_year, observations=len(series), series=tuple(series))
    if series:
        base.update(latest_year=series[-1][0], latest_value=series[-1][1])
    explicit = _explicit_status(base, series, thresholds)
    if explicit is not None:
        status, reason = explicit
        return MetricProgress(status=status, reason_note=reason, warning_notes=tuple(warnings), **base)
    latest_year, latest = series[-1]
    if any(y < baseline_year for y, _ in series):
        warnings.append(Note("before_baseline", {"baseline_year": baseline_year}))
    if as_of_year is not None and as_of_year - latest_year >= thresholds.stale_years:
        warnings.append(Note("stale", {"latest_year": latest_year, "age": as_of_year - latest_year}))
    span = target_year - baseline_year
    expected = 1.0 if direction == MetricDirection.MAINTAIN or span <= 0 else _clamp((latest_year - baseline_year) / span)
    if direction == MetricDirection.MAINTAIN:
        tol = tolerance if tolerance is not None else thresholds.maintain_tolerance * abs(target)
        distance = abs(latest - target)
        progress = 1.0 if distance <= tol else _clamp(2 - distance / tol) if tol > 0 else 0.0
        expected_value = target
    else:
        wanted = target - baseline
        if (wanted < 0 and direction == MetricDirection.INCREASE) or (wanted > 0 and direction == MetricDirection.DECREASE):
            warnings.append(Note("target_wrong_side", {"target": target, "baseline": baseline, "direction": direction}))
        raw = (latest - baseline) / wanted if wanted else (1.0 if latest == target else 0.0)
        if raw < 0:
            warnings.append(Note("moved_away", {"latest": latest}))
        progress = _clamp(raw)
        expected_value = baseline + expected * wanted
    if latest_year > target_year:
        warnings.append(Note("after_target_year", {"latest_year": latest_year, "target_year": target_year}))
    gap = expected - progress
    slope, intercept = _least_squares([(baseline_year, baseline), *series])
    at_target = intercept + slope * target_year
    if direction == MetricDirection.MAINTAIN:
        reaches = abs(at_target - target) <= (tolerance if tolerance is not None
                                              else thresholds.maintain_tolerance * abs(target))
    else:
        reaches = at_target >= target if target >= baseline else at_target <= target
    status = thresholds.status(gap)
    reason = Note("measured_meets" if reaches else "measured_misses",
                  {"progress": progress, "expected": expected, "latest_year": latest_year, "latest": latest,
                   "expected_value": expected_value, "trend": slope, "at_target": at_target,
                   "target_year": target_year, "target": target})
    return MetricProgress(status=status, progress=progress, expected_progress=expected, expected_value=expected_value,
                          gap=gap, trend_per_year=slope, trend_at_target_year=at_target, reaches_target=bool(reaches),
                          reason_note=reason, warning_notes=tuple(warnings), **base)


def _explicit_status(base: dict, series, thresholds: Thresholds) -> tuple[str, Note] | None:
    if base["target"] is None or base["target_year"] is None:
        return "no_target", Note("no_target")
    if base["baseline"] is None or base["baseline_year"] is None:
        return "no_baseline", Note("no_baseline")
    if base["direction"] not in {d.value for d in MetricDirection}:
        return "no_direction", Note("no_direction")
    if len(series) < thresholds.min_observations:
        return "no_data", Note("no_data", {"observations": len(series), "needed": thresholds.min_observations})
    return None

