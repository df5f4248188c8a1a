"""Strategy follow-up: metric progress on one scale, goal roll-ups with owners and projects, and the
crosswalk between an old and a new strategy.

>>> from queries.followup import Thresholds
>>> Thresholds().behind, Thresholds().off_track
(0.1, 0.25)
"""

from queries.followup.dated import DatedEdges, read_dated
from queries.followup.progress import MEASURED, STATUSES, MetricProgress, Thresholds, metric_progress
from queries.followup.rollup import (ALL_STRATEGIES, ROLLUP_RULE, GoalFollowup, current_strategy, followup,
                                     metric_followups)

__all__ = ["DatedEdges", "read_dated", "MEASURED", "STATUSES", "MetricProgress", "Thresholds", "metric_progress",
           "ROLLUP_RULE", "GoalFollowup", "followup", "metric_followups", "current_strategy", "ALL_STRATEGIES"]
