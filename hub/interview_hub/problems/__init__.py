"""The problem bank: one folder per problem (statement, starters, tests, solutions), validated.

``load_bank(path)`` reads every problem folder into a typed ``Problem``; ``python -m
interview_hub.problems validate`` checks a bank and prints one line per problem and per error.
Large hidden tests are specs (``[[generated]]``): ``materialise(problem, cache_dir)`` builds them
into a cache by content hash; ``checker_for(name)`` gives the grader's output comparison.
"""

from .bank import BankError, Problem, TestPair, load_bank, load_problem, validate_bank
from .checkers import checker_for, outputs_accepted
from .materialise import MaterialiseError, default_cache_dir, hidden_tests, materialise
from .schema import LANGUAGES, GeneratedTest, ProblemMeta, Signature

__all__ = [
    "LANGUAGES",
    "BankError",
    "GeneratedTest",
    "MaterialiseError",
    "Problem",
    "ProblemMeta",
    "Signature",
    "TestPair",
    "checker_for",
    "default_cache_dir",
    "hidden_tests",
    "load_bank",
    "load_problem",
    "materialise",
    "outputs_accepted",
    "validate_bank",
]
