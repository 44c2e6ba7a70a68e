#!/usr/bin/env python3
"""Rewrites a network file so that links name a unit rate (`rate: ru-rail`) instead of repeating
its value (`cost_per_km: 0.011 USD/t-km`), and inserts the `rates:` section those links use.

    python3 tools/convert_rates.py config/network.yaml            # rewrite in place
    python3 tools/convert_rates.py --dry-run config/network.yaml  # only say what it would do

A link is converted when its `cost_per_km:` is a plain value and both its end places lie in one
country: the rate is looked up in RATES by (mode, country) and must have the same value, so the
engine computes the same cost to the last bit (the rate's value parses to the same double).
Links across a border, and links at a value the table does not give for their mode and country,
are left as written and listed. The script reads the block style the file is written in
(`  - id: x` with four-space fields); it refuses a file that already has a `rates:` section.

Standard library only.
"""

import argparse
import re
import sys

# The unit rates of the comment above `links:` in config/network.yaml (brief section 7a), with
# their ranges and provenance: (id, name, mode, country, value, low, high, sources, assumption).
RATES = [
    ("ru-rail", "Russian rail (RZD tariff, per loaded t-km)", "rail", "RU", "0.011", "0.009", "0.014", [],
     "brief 7a: ~1.0 RUB per tariff t-km (2015 RZD revenue 0.51 RUB/t-km DER x ~2 indexation) / 90 RUB/USD; "
     "range 0.009-0.014."),
    ("cn-rail", "Chinese rail (state benchmark rate)", "rail", "CN", "0.022", "0.020", "0.024", ["XINHUA-2015-RAIL"],
     "0.1551 CNY/t-km state benchmark / 7.2 CNY/USD; range 0.020-0.024 (+10% float)."),
    ("kp-rail", "DPRK rail", "rail", "KP", "0.030", "0.02", "0.05", [],
     "no data; between CN rail and CN road, slow single track; range 0.02-0.05."),
    ("ru-road", "Russian road haulage", "road", "RU", "0.067", "0.04", "0.10", ["JOC-2017-TRUCK", "LIBERTY-RATES"],
     "3 (2017, Moscow) to 7-9 (2025, Far East) RUB/t-km (DER), 6 RUB / 90 RUB/USD; range 0.04-0.10."),
    ("cn-road", "Chinese road haulage", "road", "CN", "0.055", "0.05", "0.08", ["NDRC-KIVAR"],
     ">= 0.38-0.41 CNY/t-km c. 2011 (DER), 0.40 CNY / 7.2 CNY/USD; range 0.05-0.08."),
    ("kp-road", "DPRK road haulage", "road", "KP", "0.080", "0.06", "0.12", [],
     "no data; above CN road for poor roads and scarce fuel; range 0.06-0.12."),
]

TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*):")
ELEMENT = re.compile(r"^  - id:\s*(\S+)\s*$")
FIELD = re.compile(r"^    ([A-Za-z_]+):\s*(.*?)\s*$")
PLAIN_RATE = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s+USD/t-km$")


def unquote(text):
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def read_elements(lines):
    """Places and links of a block-style file: {section: [{"id", "line", fields...}]}, where each
    field keeps (value, line index)."""
    sections = {"places": [], "links": []}
    section, element = None, None
    for i, line in enumerate(lines):
        top = TOP_KEY.match(line)
        if top:
            section, element = top.group(1), None
            continue
        if section not in sections:
            continue
        start = ELEMENT.match(line)
        if start:
            element = {"id": unquote(start.group(1)), "line": i}
            sections[section].append(element)
            continue
        field = FIELD.match(line)
        if field and element is not None:
            element[field.group(1)] = (unquote(field.group(2)), i)
    return sections


def choose_rate(link, countries):
    """(rate id, None) for a link to convert, or (None, why it is left as written)."""
    if "cost_per_km" not in link:
        return None, None
    written = link["cost_per_km"][0]
    plain = PLAIN_RATE.match(written)
    if not plain:
        return None, "cost_per_km '%s' is not a plain value in USD/t-km" % written
    ends = [countries.get(link.get(key, ("", 0))[0]) for key in ("from", "to")]
    if None in ends:
        return None, "an end place is not among the file's places"
    if ends[0] != ends[1]:
        return None, "crosses the %s-%s border" % (ends[0], ends[1])
    mode = link.get("mode", ("", 0))[0]
    for rate_id, _, rate_mode, country, value, *_ in RATES:
        if rate_mode == mode and country == ends[0] and float(value) == float(plain.group(1)):
            return rate_id, None
    return None, "no %s %s rate of %s USD/t-km in the table" % (ends[0], mode, plain.group(1))


def rates_section(used):
    out = ["", "# A link writes `rate: <id>` and costs the rate x its length; the ranges are sampled by sweeps",
           "# with scenario_ranges:.",
           "rates:"]
    for rate_id, name, _, _, value, low, high, sources, assumption in RATES:
        if rate_id not in used:
            continue
        out.append("  - id: %s" % rate_id)
        out.append("    name: %s" % name)
        out.append("    cost_per_km: {value: %s USD/t-km, range: [%s USD/t-km, %s USD/t-km]}" % (value, low, high))
        if sources:
            out.append("    source: [%s]" % ", ".join(sources))
        out.append('    assumption: "%s"' % assumption)
    return out + [""]


def insertion_point(lines, links_line):
    """After the unit-rate table of the comment above `links:` ("# Unit rates ..." and its
    "#   " rows), else just before `links:`."""
    for i in range(links_line - 1, -1, -1):
        if not lines[i].startswith("#"):
            break
        if lines[i].startswith("# Unit rates"):
            end = i + 1
            while end < links_line and lines[end].startswith("#   "):
                end += 1
            return end
    return links_line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("network", nargs="?", default="config/network.yaml")
    parser.add_argument("--dry-run", action="store_true", help="list what would change; write nothing")
    args = parser.parse_args()

    with open(args.network, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    if any(line.startswith("rates:") for line in lines):
        sys.exit("%s already has a rates: section; nothing converted" % args.network)
    links_line = next((i for i, line in enumerate(lines) if line.startswith("links:")), None)
    if links_line is None:
        sys.exit("%s has no links: section" % args.network)

    elements = read_elements(lines)
    countries = {p["id"]: p.get("country", ("", 0))[0] for p in elements["places"]}
    used, left = {}, []
    for link in elements["links"]:
        rate_id, why = choose_rate(link, countries)
        if rate_id:
            lines[link["cost_per_km"][1]] = "    rate: %s" % rate_id
            used[rate_id] = used.get(rate_id, 0) + 1
        elif why:
            left.append((link["line"] + 1, link["id"], why))

    at = insertion_point(lines, links_line)
    lines[at:at] = rates_section(used)
    for rate_id, count in sorted(used.items()):
        print("rate: %-8s %3d links" % (rate_id, count))
    for line, link_id, why in left:
        print("left as written: %s (line %d): %s" % (link_id, line, why))
    if not args.dry_run:
        with open(args.network, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
