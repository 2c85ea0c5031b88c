"""Writes for returns, reminders and report runs. Each re-checks the actor's rights, so views,
tasks and commands share one path.

- `returns`: opening a quarter's return, the narrative, submission and CELCIS's review.
- `reminders`: the reminder emails to area leads.
- `runs`: building, publishing and downloading reports.

Callers use `reports.services.<name>`; tasks look their services up here at call time.
"""

from .reminders import REMINDER_SUBJECTS, send_return_reminders
from .returns import (
    due_date_for,
    return_accept,
    return_open,
    return_reopen,
    return_save_narrative,
    return_send_back,
    return_submit,
    returns_open_for_quarter,
)
from .runs import (
    FILE_KINDS,
    QueueUnavailable,
    can_request,
    national_report_build_due,
    quarter_due_yesterday,
    report_combine,
    report_download_record,
    report_part_build,
    report_run_areas,
    report_run_claim,
    report_run_fail,
    report_run_publish,
    report_run_queue,
    report_run_request,
    report_run_retry,
    report_run_set_parts,
    report_runs_fail_lost,
    run_looks_lost,
)

__all__ = [
    "FILE_KINDS",
    "REMINDER_SUBJECTS",
    "QueueUnavailable",
    "can_request",
    "due_date_for",
    "national_report_build_due",
    "quarter_due_yesterday",
    "report_combine",
    "report_download_record",
    "report_part_build",
    "report_run_areas",
    "report_run_claim",
    "report_run_fail",
    "report_runs_fail_lost",
    "run_looks_lost",
    "report_run_publish",
    "report_run_queue",
    "report_run_request",
    "report_run_retry",
    "report_run_set_parts",
    "return_accept",
    "return_open",
    "return_reopen",
    "return_save_narrative",
    "return_send_back",
    "return_submit",
    "returns_open_for_quarter",
    "send_return_reminders",
]
