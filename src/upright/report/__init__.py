"""The HTML report and the safety card, written from results files; `verify_card` checks a
card's figures against the files it names."""

from upright.report.card import CardInputs, write_card
from upright.report.report import write_report
from upright.report.verify import VerifyResult, verify_card

__all__ = ["CardInputs", "VerifyResult", "verify_card", "write_card", "write_report"]
