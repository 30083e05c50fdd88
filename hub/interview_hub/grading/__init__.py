"""Throwaway grading sandbox: bubblewrap + cgroups + rlimits + an unprivileged uid, no network.

``Grader`` compiles a submission once and runs its tests; ``GradingQueue`` bounds concurrency;
``Sandbox`` runs single commands. Verdicts use Judge0's names (``Verdict``).
"""

from .languages import Language, build_languages
from .process import ProcessLimits, ProcessResult, SandboxError
from .queue import GradingQueue, Job, Ticket
from .runner import Grader, GradeResult, Limits, TestCase, TestResult
from .sandbox import Sandbox, SandboxConfig, Workspace
from .verdicts import Verdict, judge0_status

__all__ = [
    "GradeResult",
    "Grader",
    "GradingQueue",
    "Job",
    "Language",
    "Limits",
    "ProcessLimits",
    "ProcessResult",
    "Sandbox",
    "SandboxConfig",
    "SandboxError",
    "TestCase",
    "TestResult",
    "Ticket",
    "Verdict",
    "Workspace",
    "build_languages",
    "judge0_status",
]
