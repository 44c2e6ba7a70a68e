#!/usr/bin/python3
"""Remakes the screenshots of the HTML report in docs/img/ (linked from the README):

    tests/browser/screenshots.py [BORDERFLOW [OUT_DIR]]

from the repository root; BORDERFLOW defaults to build/borderflow, OUT_DIR to docs/img. It writes
the report of scenarios/bilateral.yaml and scenarios/china-inclusive.yaml into a temporary folder,
opens it in headless Chromium at 1400 px wide (as tests/browser/browser_test.py does, with the
same checks that the page is ready and error-free), and saves
  report-map.png     the map of the first scenario, with its legend and scale bar;
  report-charts.png  the first two charts of the comparison (spare capacity per route question
                     and direction in both scenarios, and its change), with their captions.
Screenshots depend on the fonts installed (fonts-dejavu-core), so they are made, looked at and
committed by hand, never compared byte for byte.
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_test as bt  # noqa: E402  (the browser set-up and checks, shared)

WIDTH_PX = 1400


def region_png(driver, script):
    """A screenshot of the page region [left, top, right, bottom] (CSS pixels, page coordinates)
    that `script` returns, taken by Chromium's DevTools protocol so that it may reach below the
    window."""
    import base64

    box = driver.execute_script(script)
    bt.check(box is not None, "nothing to photograph: %s" % script)
    left, top, right, bottom = box
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": left, "y": top, "width": right - left, "height": bottom - top, "scale": 1}})
    return base64.b64decode(shot["data"])


# Page coordinates of the box around some elements, padded by `pad` CSS pixels: the JavaScript
# both shots share.
BOX = """
function box(elements, pad) {
  const rects = elements.map(e => e.getBoundingClientRect());
  return [Math.max(0, Math.min(...rects.map(r => r.left)) - pad) + window.scrollX,
          Math.max(0, Math.min(...rects.map(r => r.top)) - pad) + window.scrollY,
          Math.max(...rects.map(r => r.right)) + pad + window.scrollX,
          Math.max(...rects.map(r => r.bottom)) + pad + window.scrollY];
}
"""


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
            shots = {
                # The first scenario's map with its legend, layer switch and scale bar (Leaflet
                # draws them inside the map's box).
                "report-map.png": region_png(driver, BOX + """
                    const map = document.querySelector('div.bf-map:not(.bf-diff)');
                    return map ? box([map], 0) : null;"""),
                # The charts' heading and the first two charts with their titles and captions:
                # spare capacity per route question and direction, and its change.
                "report-charts.png": region_png(driver, BOX + """
                    const charts = Array.from(document.querySelectorAll('div.bf-chart')).slice(0, 2);
                    if (charts.length === 0) return null;
                    const section = charts[0].closest('section');
                    const heading = section ? section.querySelector('h2') : null;
                    const figures = charts.map(c => c.closest('figure') || c);
                    return box(heading ? [heading, ...figures] : figures, 8);"""),
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
