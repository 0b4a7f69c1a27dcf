"""`upright report`: rates with intervals, ablations, evidence, manifest, toy limits."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.browser import chromium
from tests.report.conftest import full_inputs
from upright.report import write_report
from upright.report.card import write_card
from upright.report.verify import verify_card


def test_report_from_summary_and_results(work):
    out = write_report(["data/summary.json", "data/scripted.json"], work / "out" / "report.html")
    html = out.read_text()
    assert html.count('<svg class="chart"') >= 2  # rates per condition, ablations
    assert '<mark class="ev">' in html  # evidence from the Inspect log the results point to
    assert "What a toy organism can and cannot show" in html
    assert "organism.params" in html and "before: " in html
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    assert verify_card(out).ok


def test_report_without_summary_says_not_measured(work):
    html = write_report(["data/mock.json"], work / "r.html").read_text()
    assert "the before/after headline (no demo summary given): not measured" in html
    assert "ablations: not measured" in html
    assert "example transcripts (no readable Inspect log" in html


@pytest.mark.integration
def test_report_and_card_render_in_chromium(work):
    report = write_report(["data/summary.json", "data/scripted.json"], work / "report.html")
    card = write_card(full_inputs(), work / "card.html")
    keep = os.environ.get("UPRIGHT_SCREENSHOTS")
    with chromium() as browser:
        from playwright.sync_api import expect

        for doc in (report, card):
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            errors: list[str] = []
            remote: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.on(
                "request",
                lambda r, remote=remote: (
                    remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None
                ),
            )
            page.goto(doc.as_uri())
            expect(page.locator("h1")).to_be_visible()
            expect(page.locator("svg.chart circle.pt").first).to_be_visible()
            expect(page.locator("span.fig").first).to_be_visible()
            if doc == report:
                expect(page.locator("mark.ev").first).to_be_visible()
            shot = work / f"{doc.stem}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            assert errors == [] and remote == []
            if keep:
                Path(keep).mkdir(parents=True, exist_ok=True)
                shutil.copy(shot, Path(keep) / shot.name)
