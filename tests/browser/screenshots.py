#!/usr/bin/python3
"""Remakes the screenshots of the HTML report in docs/img/ (linked from the README):

    tests/browser/screenshots.py [BORDERFLOW [OUT_DIR]]

from the repository root; BORDERFLOW defaults to build/borderflow, OUT_DIR to docs/img. It writes
the report of scenarios/bilateral.yaml and scenarios/china-inclusive.yaml into a temporary folder,
opens it in headless Chromium at 1400 px wide (as tests/browser/browser_test.py does, with the
same checks that the page is ready and error-free), and saves
  report-map.png     the map of the first scenario, with its legend;
  report-charts.png  the first charts of the comparison.
Screenshots depend on the fonts installed (fonts-dejavu-core), so they are made, looked at and
committed by hand, never compared byte for byte.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (the browser set-up and checks, shared)

WIDTH_PX = 1400


def element_png(driver, script):
    """A screenshot of the element `script` returns, scrolled into view first."""
    element = driver.execute_script(script)
    bt.check(element is not None, "nothing to photograph: %s" % script)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
    return element.screenshot_as_png


def main(argv):
    root = os.getcwd()
    borderflow = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(root, "build", "borderflow"))
    out_dir = os.path.abspath(argv[2] if len(argv) > 2 else os.path.join(root, "docs", "img"))
    missing = bt.missing_browser()
    if missing:
        print("screenshots.py: missing %s (tools/setup.sh installs them)" % missing, file=sys.stderr)
        return 2
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bf-screenshots-") as work:
        report = os.path.join(work, "report")
        bt.run([borderflow, "report", "scenarios/bilateral.yaml", "scenarios/china-inclusive.yaml", "-o", report],
               cwd=root)
        driver = bt.start_browser(os.path.join(work, "profile"), width=WIDTH_PX, height=1800)
        try:
            page = os.path.join(report, "index.html")
            bt.open_report(driver, page)
            bt.check_no_errors(driver, page)
            # The map with its legend and controls: the map's own box (Leaflet draws the legend
            # and scale bar inside it).
            shots = {
                "report-map.png": element_png(driver, "return document.querySelector('div.bf-map:not(.bf-diff)');"),
                # The charts: the section holding the first chart, cut to the viewport's height.
                "report-charts.png": element_png(
                    driver, "const c = document.querySelector('div.bf-chart');"
                            " return c ? (c.closest('section') || c) : null;"),
            }
            for name, png in shots.items():
                path = os.path.join(out_dir, name)
                with open(path, "wb") as f:
                    f.write(png)
                width, height, _, _ = bt.png_pixels(png)
                print("wrote %s (%dx%d, %d bytes)" % (os.path.relpath(path, root), width, height, len(png)))
        finally:
            driver.quit()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except bt.Failure as failure:
        print("screenshots.py: %s" % failure, file=sys.stderr)
        sys.exit(1)
