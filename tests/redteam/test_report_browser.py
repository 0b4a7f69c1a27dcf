"""report.html in a real browser: Debian's chromium, headless, offline, with a screenshot."""

import os
import shutil
from pathlib import Path

import pytest

from tests.redteam.conftest import hot_target, mock_config
from upright.redteam import run_redteam

CHROMIUM = os.environ.get("UPRIGHT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.mark.integration
def test_report_renders_curve_and_findings_offline(tmp_path: Path):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import expect, sync_playwright

    summary = run_redteam(mock_config(tmp_path / "run"), target_model=hot_target())
    html = tmp_path / "run/report.html"
    assert "<script" not in html.read_text() and "http" not in html.read_text().split("<svg")[0]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            outside: list[str] = []
            page.route(
                "**/*",
                lambda r: (
                    (outside.append(r.request.url), r.abort())
                    if not r.request.url.startswith("file:")
                    else r.continue_()
                ),
            )
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(html.as_uri())
            expect(page.locator("#summary")).to_contain_text(
                f"{summary['findings']} confirmed finding(s) in 120 of 120 target calls"
            )
            expect(page.locator("#curve polyline.best")).to_be_visible()
            expect(page.locator("#curve polyline.findings")).to_be_visible()
            expect(page.locator(".finding")).to_have_count(min(10, summary["findings"]))
            expect(page.locator(".finding pre.reply").first).to_contain_text("tool_use:email")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            assert errors == [] and outside == []
        finally:
            browser.close()
    assert (tmp_path / "report.png").stat().st_size > 10_000
