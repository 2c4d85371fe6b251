"""Screenshots for the README, from a running demo (`make run`): python docs/take_screenshots.py [URL]."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip

SHOTS = [
    ("framework-grid.png", "/framework/", "en", {"width": 1400, "height": 900}),
    ("item-page-es.png", "/framework/items/TI-PR-02/", "es", {"width": 1100, "height": 700}),
    ("grid-phone.png", "/framework/", "en", {"width": 390, "height": 844}),
]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    for name, path, language, viewport in SHOTS:
        context = browser.new_context(
            viewport=viewport, locale=language, extra_http_headers={"Accept-Language": language}
        )
        page = context.new_page()
        page.goto(BASE + path)
        page.screenshot(path=OUT / name)
        context.close()
        print(OUT / name)
    browser.close()
