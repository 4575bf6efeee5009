"""Screens of the interviewer app: Home, Interview, Report, and the modals."""

from interviewer.tui.screens.home import HomeScreen
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.screens.modals import ConfirmScreen, HelpScreen
from interviewer.tui.screens.report import ReportScreen

__all__ = ["ConfirmScreen", "HelpScreen", "HomeScreen", "InterviewScreen", "ReportScreen"]
