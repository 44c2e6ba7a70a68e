#!/usr/bin/python3
"""The HTML report (`borderflow report`) checked in a real browser: headless Chromium driven by
Selenium through chromedriver (Debian's chromium, chromium-driver and python3-selenium).

    browser_test.py CASE BORDERFLOW SOURCE_DIR WORK_DIR

CASE is one of:
  compare  report of scenarios/bilateral.yaml and scenarios/china-inclusive.yaml: one map per
           scenario with the crossings and link directions the scenario files define, a
           difference map, the headline, the charts;
  sweep    report of a store of scenarios/sweeps/headline-ranges.yaml (shrunk to a few variants,
           run into WORK_DIR): the sensitivity and win-share charts.

Each page must reach body[data-ready="1"] with data-errors="0" and no SEVERE console message;
every .bf-chart must hold a Vega <svg> with data marks; a screenshot must be a real picture
(non-empty PNG, more than one colour over a good share of its pixels). The expected counts come
from the scenario files themselves (the YAML `extends:` chain merged by id, as the loader does),
never from the page.

Exit codes: 0 passed, 1 failed, 77 skipped (CTest SKIP_RETURN_CODE). The test skips only when
Chromium, chromedriver or Selenium is missing, and fails instead when BORDERFLOW_REQUIRE_BROWSER=1
(CI sets it: .ci/run), so a machine without the browser cannot pass CI silently.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

SKIP = 77
CHROMIUM = os.environ.get("BORDERFLOW_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("BORDERFLOW_CHROMEDRIVER", "/usr/bin/chromedriver")
READY_TIMEOUT_S = 180  # two cores shared with builds: a cold Chromium and Vega take their time
SWEEP_VARIANTS = 24    # enough for distributions, win shares and a ranking; seconds to run


class Failure(Exception):
    pass


def say(message):
    print(message, flush=True)


def check(condition, message):
    if not condition:
        raise Failure(message)


# --- the browser ---------------------------------------------------------------------------------

def missing_browser():
    """What is missing to drive a browser, or None."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    try:
        import selenium  # noqa: F401  (only whether it imports)
    except ImportError:
        missing.append("python3-selenium (import selenium: %s)" % sys.executable)
    return ", ".join(missing) if missing else None


def start_browser(profile_dir, width=1400, height=2000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--no-first-run", "--disable-sync",
                     "--disable-dev-shm-usage", "--user-data-dir=" + profile_dir,
                     "--window-size=%d,%d" % (width, height)):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def open_report(driver, index_html):
    """Loads the page and waits for the page's own signal that every map and chart is drawn."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    check(os.path.isfile(index_html), "no report page at %s" % index_html)
    started = time.monotonic()
    driver.get("file://" + os.path.abspath(index_html))
    try:
        WebDriverWait(driver, READY_TIMEOUT_S, poll_frequency=0.25).until(
            lambda d: d.execute_script("return document.body ? document.body.dataset.ready : null") == "1")
    except TimeoutException:
        logs = severe_messages(driver)
        raise Failure("%s: body[data-ready] never became \"1\" within %d s; console: %s"
                      % (index_html, READY_TIMEOUT_S, logs or "nothing severe"))
    say("ok: %s ready in %.1f s" % (index_html, time.monotonic() - started))


def severe_messages(driver):
    return [entry.get("message", "") for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


# --- what the scenario files define (independent of the page) -----------------------------------

SECTIONS = ("places", "links", "transfers", "crossings", "commodities", "demands", "routes", "vehicles",
            "fleets", "background", "fees", "caps", "rates", "sources", "disruptions")


def load_chain(path):
    """A scenario file merged over everything it extends, section by section and id by id, as
    the loader's first stage does (engine/scenario/loader.cpp): an element with a known id has
    the given fields replaced one by one, a new id is appended."""
    import yaml

    with open(path, encoding="utf-8") as f:
        document = yaml.safe_load(f)
    merged = {"name": None, "sections": {s: [] for s in SECTIONS}}
    if document.get("extends"):
        merged = load_chain(os.path.join(os.path.dirname(path), document["extends"]))
    if document.get("name"):
        merged["name"] = str(document["name"])
    elif merged["name"] is None:
        merged["name"] = os.path.splitext(os.path.basename(path))[0]
    for section in SECTIONS:
        elements = merged["sections"][section]
        for element in document.get(section) or []:
            known = next((e for e in elements if e["id"] == element["id"]), None)
            if known is None:
                elements.append(dict(element))
            else:
                known.update(element)
    return merged


def expected_counts(scenario_path):
    """(name, crossings, link directions): every crossing is drawn, whatever its status, and
    every link once per direction it runs (`direction: forward` links run one way)."""
    scenario = load_chain(scenario_path)
    links = scenario["sections"]["links"]
    directions = sum(1 if str(link.get("direction", "both")) == "forward" else 2 for link in links)
    return scenario["name"], len(scenario["sections"]["crossings"]), directions


# --- page checks -----------------------------------------------------------------------------------

def check_no_errors(driver, page):
    errors = driver.execute_script("return document.body.dataset.errors")
    check(errors == "0", "%s: body data-errors is %r, not \"0\"" % (page, errors))
    severe = severe_messages(driver)
    check(not severe, "%s: SEVERE console messages:\n  %s" % (page, "\n  ".join(severe)))
    say("ok: %s has data-errors=0 and no SEVERE console message" % page)


def maps(driver):
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('div.bf-map')).map(m => ({
          scenario: m.dataset.scenario, diff: m.classList.contains('bf-diff'),
          crossings: m.dataset.crossings, directions: m.dataset.linkDirections,
          leaflet: m.classList.contains('leaflet-container') || !!m.querySelector('.leaflet-container')}));""")


def check_maps(driver, page, expected, with_difference_map):
    """expected: {scenario name: (crossings, link directions)}."""
    found = maps(driver)
    scenario_maps = [m for m in found if not m["diff"]]
    names = sorted(m["scenario"] or "" for m in scenario_maps)
    check(names == sorted(expected), "%s: maps of %s, expected one each of %s" % (page, names, sorted(expected)))
    for m in scenario_maps:
        crossings, directions = expected[m["scenario"]]
        check(m["leaflet"], "%s: the map of %s is no Leaflet map" % (page, m["scenario"]))
        check(m["crossings"] == str(crossings),
              "%s: map of %s draws %s crossings; the scenario files define %d"
              % (page, m["scenario"], m["crossings"], crossings))
        check(m["directions"] == str(directions),
              "%s: map of %s draws %s link directions; the scenario files define %d"
              % (page, m["scenario"], m["directions"], directions))
        say("ok: map of %s draws %d crossings and %d link directions" % (m["scenario"], crossings, directions))
    differences = [m for m in found if m["diff"]]
    if not with_difference_map:
        check(not differences, "%s: a difference map for one scenario" % page)
        return
    check(len(differences) == 1, "%s: %d difference maps, expected 1" % (page, len(differences)))
    # The two scenarios share their network, so B - A exists for every link direction of either.
    directions = {d for _, d in expected.values()}
    check(len(directions) == 1, "the scenarios' networks differ: %s" % expected)
    diff = differences[0]
    check(diff["leaflet"], "%s: the difference map is no Leaflet map" % page)
    check(diff["directions"] == str(directions.pop()),
          "%s: the difference map draws %s link directions; expected %s" % (page, diff["directions"], expected))
    say("ok: the difference map draws %s link directions" % diff["directions"])


def charts(driver):
    """Each .bf-chart: its id, whether it holds an <svg>, and how many data marks the svg draws
    (Vega's SVG renderer puts every mark item under a g.role-mark group; axes, legends and titles
    use other roles)."""
    return driver.execute_script("""
        return Array.from(document.querySelectorAll('div.bf-chart')).map(c => {
          const svg = c.querySelector('svg');
          return {id: c.dataset.chart, svg: !!svg,
                  marks: svg ? svg.querySelectorAll('g.role-mark > *').length : 0};
        });""")


def check_charts(driver, page, required_patterns=()):
    found = charts(driver)
    check(found, "%s: no .bf-chart at all" % page)
    for chart in found:
        check(chart["id"], "%s: a .bf-chart without data-chart" % page)
        check(chart["svg"], "%s: chart %s holds no <svg>" % (page, chart["id"]))
        check(chart["marks"] > 0, "%s: chart %s draws no marks" % (page, chart["id"]))
    ids = [c["id"] for c in found]
    check(len(set(ids)) == len(ids), "%s: chart ids repeat: %s" % (page, ids))
    for label, pattern in required_patterns:
        check(any(re.search(pattern, i) for i in ids), "%s: no %s chart (data-chart ~ /%s/) among %s"
              % (page, label, pattern, ids))
    say("ok: %d charts drawn as SVG with marks: %s" % (len(found), ", ".join(ids)))


def check_headline(driver, page):
    text = driver.execute_script("const h = document.querySelector('section#headline');"
                                 " return h ? h.innerText : null;")
    check(text is not None, "%s: no section#headline" % page)
    check(len(text.strip()) > 20, "%s: the headline is empty: %r" % (page, text))
    say("ok: the headline reads: %s" % " ".join(text.split())[:160])


def check_inputs(driver, page):
    """bilateral.yaml and china-inclusive.yaml differ in one input, policy.no_transit (CN against
    none): the page's inputs section (scenario/diff.hpp) must say so."""
    rows = driver.execute_script("""
        const s = document.querySelector('section#inputs');
        return s ? Array.from(s.querySelectorAll('tr')).map(r => r.innerText.replace(/\\s+/g, ' ').trim()) : null;""")
    check(rows is not None, "%s: no section#inputs" % page)
    check(any("no_transit" in r and "CN" in r for r in rows),
          "%s: the inputs that differ do not show policy no_transit (CN against none): %s" % (page, rows))
    say("ok: the inputs that differ show %s" % next(r for r in rows if "no_transit" in r))


# --- screenshots --------------------------------------------------------------------------------------

def png_pixels(data):
    """(width, height, rows of bytes per pixel) of an 8-bit RGB or RGBA, non-interlaced PNG."""
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG")
    position, idat, header = 8, b"", None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = header
    check(depth == 8 and colour in (2, 6) and interlace == 0, "PNG of an unexpected kind: %s" % (header,))
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):  # undo the row filter (PNG spec, 9.2)
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            corner = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def check_screenshot(png, path, label):
    check(len(png) > 1000, "%s: the screenshot is %d bytes" % (label, len(png)))
    with open(path, "wb") as f:
        f.write(png)
    width, height, channels, rows = png_pixels(png)
    check(width >= 800 and height >= 600, "%s: screenshot of %dx%d pixels" % (label, width, height))
    counts = {}
    for row in rows[::4]:  # every 4th row and column: enough to tell a picture from a blank
        for x in range(0, width * channels, 4 * channels):
            colour = row[x:x + 3]
            counts[colour] = counts.get(colour, 0) + 1
    sampled = sum(counts.values())
    commonest = max(counts.values())
    share_other = 1 - commonest / sampled
    check(len(counts) >= 32 and share_other >= 0.05,
          "%s: the screenshot is nearly uniform: %d colours, %.1f%% of pixels differ from the commonest"
          % (label, len(counts), 100 * share_other))
    say("ok: screenshot %s: %dx%d, %d bytes, %d colours, %.0f%% off the background"
        % (path, width, height, len(png), len(counts), 100 * share_other))


# --- the cases ----------------------------------------------------------------------------------------

def run(command, cwd):
    say("$ " + " ".join(command))
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(result.returncode == 0, "'%s' exited %d:\n%s%s" % (" ".join(command), result.returncode,
                                                            result.stdout[-2000:], result.stderr[-4000:]))
    return result


def case_compare(borderflow, source, work, driver):
    scenarios = ["scenarios/bilateral.yaml", "scenarios/china-inclusive.yaml"]
    out = os.path.join(work, "compare")
    run([borderflow, "report", *scenarios, "-o", out], cwd=source)
    expected = {}
    for path in scenarios:
        name, crossings, directions = expected_counts(os.path.join(source, path))
        expected[name] = (crossings, directions)
    page = os.path.join(out, "index.html")
    open_report(driver, page)
    check_no_errors(driver, page)
    check_headline(driver, page)
    check_maps(driver, page, expected, with_difference_map=True)
    check_charts(driver, page)
    check_inputs(driver, page)
    check_screenshot(driver.get_screenshot_as_png(), os.path.join(work, "compare.png"), page)


def shrunk_sweep(source, work):
    """scenarios/ and config/ copied below WORK (a spec reaches only files below its folder's
    parent, and a test never writes into the source tree), headline-ranges cut to a few variants."""
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    shutil.copytree(os.path.join(source, "config"), os.path.join(data, "config"),
                    ignore=shutil.ignore_patterns("boundaries", "qgis"))
    shutil.copytree(os.path.join(source, "scenarios"), os.path.join(data, "scenarios"))
    spec = os.path.join(data, "scenarios", "sweeps", "headline-ranges.yaml")
    with open(spec, encoding="utf-8") as f:
        text = f.read()
    shrunk = re.sub(r"(?m)^(\s+variants:) \d+$", r"\1 %d" % SWEEP_VARIANTS, text)
    check(shrunk != text, "%s: no 'variants:' line to shrink" % spec)
    with open(spec, "w", encoding="utf-8") as f:
        f.write(shrunk)
    return spec


def case_sweep(borderflow, source, work, driver):
    spec = shrunk_sweep(source, work)
    store = os.path.join(work, "headline.sqlite")
    for stale in (store, store + "-journal", store + "-wal"):
        if os.path.exists(stale):
            os.remove(stale)
    run([borderflow, "sweep", "run", spec, "-o", store, "-j", "2", "--progress", "none"], cwd=work)
    out = os.path.join(work, "sweep-report")
    run([borderflow, "report", store, "-o", out], cwd=work)
    page = os.path.join(out, "index.html")
    open_report(driver, page)
    check_no_errors(driver, page)
    check_charts(driver, page, required_patterns=(("sensitivity", r"sensitiv|tornado"), ("win-share", r"win")))
    check_screenshot(driver.get_screenshot_as_png(), os.path.join(work, "sweep.png"), page)


CASES = {"compare": case_compare, "sweep": case_sweep}


def main(argv):
    if len(argv) != 5 or argv[1] not in CASES:
        sys.stderr.write(__doc__)
        return 1
    case, borderflow, source, work = argv[1], os.path.abspath(argv[2]), os.path.abspath(argv[3]), argv[4]
    missing = missing_browser()
    if missing:
        if os.environ.get("BORDERFLOW_REQUIRE_BROWSER") == "1":
            say("FAIL: BORDERFLOW_REQUIRE_BROWSER=1 but the browser test cannot run; missing: %s "
                "(tools/setup.sh installs chromium, chromium-driver and python3-selenium)" % missing)
            return 1
        say("SKIP: missing %s (tools/setup.sh installs them)" % missing)
        return SKIP
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="profile-", dir=work)  # a fresh profile: no state between runs
    driver = None
    try:
        driver = start_browser(profile)
        CASES[case](borderflow, source, work, driver)
    except Failure as failure:
        say("FAIL: %s" % failure)
        return 1
    finally:
        if driver is not None:
            driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    say("PASS: browser %s" % case)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
