"""The dashboard in a real browser: Debian's chromium, driven headless by Playwright."""

from __future__ import annotations

import pytest

from tests.browser import chromium
from tests.monitor.conftest import CHATS, LiveServer, write_jsonl
from upright.monitor.app import create_app
from upright.monitor.db import open_store
from upright.monitor.ingest import ingest_paths


@pytest.mark.integration
def test_click_from_finding_to_highlighted_evidence(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    ingest_paths(store, [write_jsonl(tmp_path / "c.jsonl", CHATS)])
    with chromium() as browser, LiveServer(create_app(store)) as srv:
        from playwright.sync_api import expect

        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(srv.url + "/")
        expect(page.locator("#totals")).to_contain_text("findings in 3 transcripts")
        expect(page.locator("#chart rect.bar").first).to_be_visible()
        expect(page.locator("#sources tbody tr")).to_have_count(2)
        page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

        row = page.locator("#findings tr.finding", has_text="coercion")
        expect(row).to_have_count(1)
        row.click()
        expect(page.locator("#transcript")).to_be_visible()
        expect(page.locator("#overview")).to_be_hidden()
        expect(page.locator("#t-title")).to_have_text("transcript threat")
        mark = page.locator("mark.ev.focus").first
        expect(mark).to_be_visible()
        expect(mark).to_have_text("Unless you cancel the 5pm wipe")
        page.screenshot(path=str(tmp_path / "transcript.png"), full_page=True)

        page.go_back()
        expect(page.locator("#overview")).to_be_visible()
        page.select_option("#filters select[name=category]", "security_code")
        expect(page.locator("#findings tr.finding").first).to_contain_text("shell")
        assert errors == []
    for name in ("overview.png", "transcript.png"):
        assert (tmp_path / name).stat().st_size > 10_000
