"""interviewer: a terminal mock interviewer with a rubric-aware agent and a scored feedback report."""

__version__ = "0.1.0"
