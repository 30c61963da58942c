"""Take a PNG screenshot of the HTML graph, as a reader's browser shows it.

Usage:

    python tools/screenshot.py out/graph.html docs/graph.png

Opens the page from file:// in Debian's headless Chromium (/usr/bin/chromium, or
$CHROMIUM) through Playwright, in a browser context that is offline, waits for
vis-network to finish laying the graph out (its "stabilizationIterationsDone"
event, or at most --wait seconds after the network exists), and writes a
1400x900 PNG. Playwright's own browser downloads are never used; run
`make system-deps` if Chromium is missing. Exits non-zero if the page fails to
draw the network or reports a JavaScript error.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
WIDTH, HEIGHT = 1400, 900

# Resolves once the layout is stable: at once if physics is off or already done,
# else on stabilizationIterationsDone, else after `ms` milliseconds.
WAIT_STABLE = """(ms) => new Promise(resolve => {
    setTimeout(() => resolve(false), ms);
    network.once("stabilizationIterationsDone", () => resolve(true));
    network.once("stabilized", () => resolve(true));
    const physics = network.physics;  // vis-network's PhysicsEngine
    if (physics && (physics.stabilized || !physics.physicsEnabled)) resolve(true);
})"""


def screenshot(html: Path, png: Path, chromium: str, wait: float) -> bool:
    """Write png from html; True if the network reported it had stabilized before the timeout."""
    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, viewport={"width": WIDTH, "height": HEIGHT})
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.wait_for_function("typeof network !== 'undefined' && network !== null", timeout=15_000)
            stable = page.evaluate(WAIT_STABLE, int(wait * 1000))
            # freeze the layout, fit it to the window, and let the canvas repaint
            page.evaluate("network.stopSimulation(); network.fit({animation: false}); network.redraw()")
            page.wait_for_timeout(300)
            png.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png), full_page=False)
        finally:
            browser.close()
    if errors:
        raise RuntimeError("the page reported errors: " + "; ".join(errors))
    return stable


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("html", type=Path, help="the page, e.g. out/graph.html")
    ap.add_argument("png", type=Path, help="the screenshot to write, e.g. docs/graph.png")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    help="Chromium executable (default: $CHROMIUM or /usr/bin/chromium)")
    ap.add_argument("--wait", type=float, default=5.0,
                    help="seconds to wait at most for the layout to stabilize (default: 5)")
    args = ap.parse_args(argv)
    if not args.html.is_file():
        ap.error(f"{args.html}: no such file")
    if not Path(args.chromium).exists():
        ap.error(f"{args.chromium}: Chromium not found (make system-deps installs it)")
    try:
        stable = screenshot(args.html, args.png, args.chromium, args.wait)
    except Exception as e:  # a CLI: one line, not a traceback
        print(f"screenshot: {e}", file=sys.stderr)
        return 1
    note = "" if stable else f" (layout not stable after {args.wait:g} s; shot taken anyway)"
    print(f"{args.png}: {WIDTH}x{HEIGHT}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
