#include "site/page.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "assets/assets.hpp"
#include "core/text.hpp"
#include "report/charts.hpp"
#include "report/items.hpp"
#include "report/layers.hpp"
#include "report/report.hpp"
#include "scenario/diff.hpp"
#include "site/html.hpp"
#include "site/map_data.hpp"

namespace borderflow {
namespace {

using nlohmann::json;

/// Chart ids unique in the page: a repeated id gets "-2", "-3", ... (the charts of a time
/// scenario and of the compared scenarios come from the same function).
class ChartIds {
 public:
  std::string unique(const std::string& id) {
    std::string out = id;
    for (int n = 2; used_.count(out); ++n) out = id + "-" + std::to_string(n);
    used_.insert(out);
    return out;
  }

 private:
  std::set<std::string> used_;
};

/// The charts of the page as figures, their specs collected for the script.
class ChartList {
 public:
  std::string figures(const std::vector<Chart>& charts) {
    std::string out = "<div class=\"bf-charts\">\n";
    for (const Chart& c : charts) {
      const std::string id = ids_.unique(c.id);
      specs_.push_back({{"id", id}, {"spec", c.spec}});
      out += "<figure class=\"bf-figure\"><h4>" + escape_markup(c.title) + "</h4><div class=\"bf-chart\" id=\"bf-chart-" + id +
             "\" data-chart=\"" + escape_markup(id) + "\"></div><figcaption>" + escape_markup(c.caption) +
             "</figcaption></figure>\n";
    }
    return out + "</div>\n";
  }
  const json& specs() const { return specs_; }

 private:
  ChartIds ids_;
  json specs_ = json::array();
};

/// The first line of a Markdown report ("## Comparison of 2 scenarios ..."), without the "## ".
std::string markdown_title(const std::string& markdown) {
  const std::string first = markdown.substr(0, markdown.find('\n'));
  return first.rfind("## ", 0) == 0 ? first.substr(3) : first;
}

/// What a report says before its first section: the header lines of `run` (scenario, network,
/// policy, time).
std::string markdown_preamble(const std::string& markdown) {
  const std::size_t first_line = markdown.find('\n');
  if (first_line == std::string::npos) return {};
  const std::size_t section = markdown.find("\n### ", first_line);
  return markdown.substr(first_line + 1, section == std::string::npos ? std::string::npos : section - first_line);
}

std::string headline_html(const ReportInputs& inputs, const std::string& compare_markdown) {
  std::ostringstream out;
  out << "<section id=\"headline\">\n<h2>Headline</h2>\n";
  if (!inputs.scenarios.empty()) {
    out << "<p class=\"bf-lead\">" << escape_markup(markdown_title(compare_markdown)) << "</p>\n";
    out << markdown_to_html(markdown_section(compare_markdown, "Headline"));
    if (!inputs.bands_note.empty()) out << "<p class=\"bf-note\">" << escape_markup(inputs.bands_note) << "</p>\n";
  }
  for (const auto& t : inputs.time_scenarios) {
    const std::string md = render_run(t, Format::Markdown);
    out << "<h3>" << escape_markup(markdown_title(md)) << "</h3>\n" << markdown_to_html(markdown_preamble(md));
  }
  for (const auto& s : inputs.sweeps) {
    std::string worlds;
    for (const auto& w : s.worlds) worlds += (worlds.empty() ? "" : ", ") + w;
    out << "<p>" << escape_markup("Sweep " + s.sweep + ": " + format_grouped(static_cast<double>(s.variants)) +
                                " variants" + (worlds.empty() ? "" : " in the worlds " + worlds) + " (store " + s.file + ").")
        << "</p>\n";
  }
  out << "</section>\n";
  return out.str();
}

struct MapPlan {
  std::string element_id;  ///< "bf-map-1"
  json data;
  std::string caption;
  bool diff = false;
};

/// The route question whose max flow the maps draw beside the routing: --route, else the first
/// question of the first scenario that asks one (as asked, not reversed).
std::string map_route(const ReportInputs& inputs, const SiteOptions& options) {
  if (!options.profile_route.empty()) return options.profile_route;
  for (const auto& s : inputs.scenarios) {
    if (!s.answer.capacities.empty()) {
      return s.scenario().routes[static_cast<std::size_t>(s.answer.capacities.front().route)].id;
    }
  }
  return {};
}

std::vector<MapPlan> plan_maps(const ReportInputs& inputs, const SiteOptions& options, double& scale_t_per_yr) {
  std::vector<MapLayers> compared, timed;
  std::vector<RouteFlows> routes;
  const std::string route = map_route(inputs, options);
  for (const auto& s : inputs.scenarios) {
    compared.push_back(map_layers(s));
    routes.push_back(route_flows(s, route, false));
  }
  for (const auto& s : inputs.time_scenarios) timed.push_back(map_layers(s));
  scale_t_per_yr = map_scale_t_per_yr(compared, routes);
  for (const auto& l : timed) scale_t_per_yr = std::max(scale_t_per_yr, map_scale_t_per_yr({l}));
  std::vector<MapPlan> plans;
  auto add = [&](json data, std::string caption, bool diff) {
    MapPlan plan;
    plan.element_id = "bf-map-" + std::to_string(plans.size() + 1);
    plan.data = std::move(data);
    plan.caption = std::move(caption);
    plan.diff = diff;
    plans.push_back(std::move(plan));
  };
  for (std::size_t i = 0; i < compared.size(); ++i) {
    add(scenario_map_json(compared[i], &routes[i]),
        "The demand routing of " + compared[i].scenario +
            ": flow per link direction, crossings by use. The layer switch (top right) shows the max flow of route " +
            route + " instead.",
        false);
  }
  for (std::size_t i = 1; i < compared.size(); ++i) {
    add(difference_map_json(compared[0], compared[i], &routes[0], &routes[i]),
        "Difference " + compared[i].scenario + " - " + compared[0].scenario +
            ": the routing's flow in " + compared[i].scenario + " minus that in " + compared[0].scenario +
            " per link direction, or (layer switch) the change in route " + route +
            "'s max flow; gains and losses on the same scale as the other maps.",
        true);
  }
  for (const auto& l : timed) {
    add(scenario_map_json(l), "The routing of " + l.scenario + " over its whole horizon: tonnes summed over the periods.",
        false);
  }
  return plans;
}

std::string maps_html(const std::vector<MapPlan>& plans) {
  if (plans.empty()) return {};
  std::ostringstream out;
  out << "<section id=\"maps\">\n<h2>Maps</h2>\n<p>Click a line, a crossing or a place for its figures and source. "
         "Scroll or use + and - to zoom; every map has its own legend and scale bar.</p>\n<div class=\"bf-maps"
      << "\">\n";
  for (const auto& p : plans) {
    out << "<figure class=\"bf-figure\"><h3>" << escape_markup(p.data["scenario"].get<std::string>()) << "</h3><div class=\"bf-map"
        << (p.diff ? " bf-diff" : "") << "\" id=\"" << p.element_id << "\" data-scenario=\""
        << escape_markup(p.data["scenario"].get<std::string>()) << "\"></div><figcaption>" << escape_markup(p.caption)
        << "</figcaption></figure>\n";
  }
  out << "</div>\n</section>\n";
  return out.str();
}

std::string details(const std::string& summary, const std::string& body, bool open = false) {
  return std::string("<details") + (open ? " open" : "") + "><summary>" + escape_markup(summary) + "</summary>\n" + body +
         "</details>\n";
}

std::string tables_html(const ReportInputs& inputs, const std::string& compare_markdown) {
  if (inputs.scenarios.empty()) return {};
  std::ostringstream out;
  out << "<section id=\"tables\">\n<h2>Tables</h2>\n<p>The tables of <code>borderflow run</code> for each scenario "
         "(route capacities with their bottlenecks, demands, routes used) and of <code>borderflow compare</code> per "
         "route question.</p>\n";
  bool first = true;
  for (const auto& s : inputs.scenarios) {
    out << details("Scenario " + s.scenario().name + ": route capacities, bottlenecks, demands",
                   markdown_to_html(render_run(s, Format::Markdown), 3), first);
    first = false;
  }
  if (inputs.scenarios.size() > 1) {
    const std::size_t routes = compare_markdown.find("\n### Route ");
    if (routes != std::string::npos) {
      out << details("Each route question compared", markdown_to_html(compare_markdown.substr(routes + 1), 3));
    }
  }
  out << "</section>\n";
  return out.str();
}

std::string time_sections_html(const ReportInputs& inputs, const SiteOptions& options, ChartList& charts) {
  std::ostringstream out;
  for (std::size_t i = 0; i < inputs.time_scenarios.size(); ++i) {
    const SolvedScenario& t = inputs.time_scenarios[i];
    out << "<section class=\"bf-time\" id=\"time-" << (i + 1) << "\">\n<h2>" << escape_markup("Time scenario " + t.scenario().name)
        << "</h2>\n";
    out << charts.figures(scenario_charts({&t}, options.profile_route));
    out << details("Period tables", markdown_to_html(render_run(t, Format::Markdown), 3));
    out << "</section>\n";
  }
  return out.str();
}

std::string sweep_sections_html(const ReportInputs& inputs, const std::vector<std::string>& summaries, ChartList& charts) {
  std::ostringstream out;
  for (std::size_t i = 0; i < inputs.sweeps.size(); ++i) {
    const SweepSection& s = inputs.sweeps[i];
    out << "<section class=\"bf-sweep\" id=\"sweep-" << (i + 1) << "\">\n<h2>" << escape_markup("Sweep " + s.sweep) << "</h2>\n";
    out << "<p>" << escape_markup(format_grouped(static_cast<double>(s.variants)) + " variants, store " + s.file) << "</p>\n";
    out << charts.figures(s.charts);
    if (i < summaries.size() && !summaries[i].empty()) {
      out << details("Summary (borderflow sweep summarize)", "<pre>" + escape_markup(summaries[i]) + "</pre>\n");
    }
    out << "</section>\n";
  }
  return out.str();
}

std::string where_text(const SourceLocation& where) {
  if (where.file.empty()) return {};
  return where.file + (where.line > 0 ? ":" + std::to_string(where.line) : "");
}

/// The inputs of `b` that differ from those of `a` (scenario/diff.hpp), one row each.
std::string difference_table(const Scenario& a, const Scenario& b) {
  const std::vector<InputDifference> differences = diff_scenarios(a, b);
  std::ostringstream out;
  out << "<h3>" << escape_markup(b.name + " against " + a.name) << "</h3>\n";
  if (differences.empty()) {
    out << "<p>No input differs.</p>\n";
    return out.str();
  }
  out << "<div class=\"bf-scroll\"><table class=\"bf-table bf-differences\"><thead><tr><th>section</th><th>element</th>"
         "<th>field</th><th>"
      << escape_markup(a.name) << "</th><th>" << escape_markup(b.name) << "</th><th>written at</th></tr></thead><tbody>\n";
  for (const InputDifference& d : differences) {
    const std::string element = d.id.empty() ? "" : d.id + (d.name.empty() || d.name == d.id ? "" : " (" + d.name + ")");
    const std::string in_a = d.in_a ? d.value_a : "absent";
    const std::string in_b = d.in_b ? d.value_b : "absent";
    // Where each scenario writes it: the one place when both come from the same line.
    const std::string where_a = where_text(d.where_a), where_b = where_text(d.where_b);
    std::string where = where_a.empty() || where_a == where_b ? where_b : where_b.empty() ? where_a : where_a + " / " + where_b;
    out << "<tr><td>" << escape_markup(d.section) << "</td><td>" << escape_markup(element) << "</td><td>"
        << escape_markup(d.field.empty() ? (d.in_a ? "only in " + a.name : "only in " + b.name) : d.field) << "</td><td>"
        << escape_markup(d.field.empty() ? (d.in_a ? "present" : "absent") : in_a) << "</td><td>"
        << escape_markup(d.field.empty() ? (d.in_b ? "present" : "absent") : in_b) << "</td><td>" << escape_markup(where)
        << "</td></tr>\n";
  }
  out << "</tbody></table></div>\n";
  return out.str();
}

std::string differences_html(const ReportInputs& inputs) {
  std::vector<const SolvedScenario*> all;
  for (const auto& s : inputs.scenarios) all.push_back(&s);
  for (const auto& s : inputs.time_scenarios) all.push_back(&s);
  if (all.size() < 2) return {};
  std::string out = "<section id=\"inputs\">\n<h2>Inputs that differ</h2>\n";
  out += "<p>Every input of each scenario that differs from " + escape_markup(all[0]->scenario().name) +
         ", matched by id, with the file and line that wrote it. Names, sources and ranges are not compared.</p>\n";
  for (std::size_t i = 1; i < all.size(); ++i) out += difference_table(all[0]->scenario(), all[i]->scenario());
  return out + "</section>\n";
}

std::string provenance_html(const ReportInputs& inputs) {
  // Every source of every scenario, once by id, with the scenarios that cite it.
  struct Cited {
    const Source* source = nullptr;
    std::vector<std::string> scenarios;
  };
  std::map<std::string, Cited> sources;
  std::vector<const SolvedScenario*> all;
  for (const auto& s : inputs.scenarios) all.push_back(&s);
  for (const auto& s : inputs.time_scenarios) all.push_back(&s);
  if (all.empty()) return {};
  std::ostringstream out;
  out << "<section id=\"provenance\">\n<h2>Provenance</h2>\n<p>Each scenario and the files it is made of; every source "
         "they cite (each line, crossing and place names its own in its popup on the map).</p>\n<ul>\n";
  for (const SolvedScenario* s : all) {
    std::string files;
    for (const auto& f : s->scenario().files) files += (files.empty() ? "" : ", ") + f;
    out << "<li><b>" << escape_markup(s->scenario().name) << "</b>: " << escape_markup(files) << "</li>\n";
    for (const Source& source : s->scenario().sources) {
      Cited& c = sources[source.id];
      if (!c.source) c.source = &source;
      c.scenarios.push_back(s->scenario().name);
    }
  }
  out << "</ul>\n<div class=\"bf-scroll\"><table class=\"bf-table bf-sources\"><thead><tr><th>id</th><th>title</th>"
         "<th>publisher</th><th>date</th><th>link</th>"
      << (all.size() > 1 ? "<th>cited by</th>" : "") << "</tr></thead><tbody>\n";
  for (const auto& [id, c] : sources) {
    const std::string href = link_href(c.source->url);
    out << "<tr><td>" << escape_markup(id) << "</td><td>" << escape_markup(c.source->title) << "</td><td>"
        << escape_markup(c.source->publisher) << "</td><td>" << escape_markup(c.source->date) << "</td><td>";
    if (!href.empty()) out << "<a href=\"" << href << "\" rel=\"noreferrer\">" << escape_markup(c.source->url) << "</a>";
    else out << escape_markup(c.source->url);
    out << "</td>";
    if (all.size() > 1) {
      std::string by;
      for (const auto& name : c.scenarios) by += (by.empty() ? "" : ", ") + name;
      out << "<td>" << escape_markup(by) << "</td>";
    }
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n</section>\n";
  return out.str();
}

std::string data_html(const std::vector<DataLink>& data) {
  std::ostringstream out;
  out << "<section id=\"data\">\n<h2>Data and licences</h2>\n<ul>\n";
  for (const auto& d : data) {
    out << "<li><a href=\"" << escape_markup(d.path) << "\">" << escape_markup(d.path) << "</a>: " << escape_markup(d.description)
        << "</li>\n";
  }
  out << "<li><a href=\"lib/LICENSES.txt\">lib/LICENSES.txt</a>: the licences of Leaflet, Vega, Vega-Lite and Vega-Embed "
         "(in lib/), and the source of the basemap: Natural Earth (public domain) country borders and coastlines.</li>\n";
  out << "</ul>\n</section>\n";
  return out.str();
}

std::string page_title(const ReportInputs& inputs) {
  std::string names;
  for (const auto& s : inputs.scenarios) names += (names.empty() ? "" : ", ") + s.scenario().name;
  for (const auto& s : inputs.time_scenarios) names += (names.empty() ? "" : ", ") + s.scenario().name;
  for (const auto& s : inputs.sweeps) names += (names.empty() ? "" : ", ") + ("sweep " + s.sweep);
  return "borderflow report: " + names;
}

}  // namespace

std::string report_page(const ReportInputs& inputs, const SiteOptions& options, const std::vector<DataLink>& data,
                        const std::vector<std::string>& sweep_summaries) {
  const std::string compare_markdown =
      inputs.scenarios.empty() ? "" : render_compare(inputs.scenarios, Format::Markdown, inputs.bands ? &*inputs.bands : nullptr);
  double scale_t_per_yr = 1;
  const std::vector<MapPlan> maps = plan_maps(inputs, options, scale_t_per_yr);
  ChartList charts;
  std::string charts_section;
  if (!inputs.scenarios.empty()) {
    std::vector<const SolvedScenario*> compared;
    for (const auto& s : inputs.scenarios) compared.push_back(&s);
    const std::vector<Chart> list = scenario_charts(compared, options.profile_route);
    if (!list.empty()) charts_section = "<section id=\"charts\">\n<h2>Charts</h2>\n" + charts.figures(list) + "</section>\n";
  }
  const std::string time_sections = time_sections_html(inputs, options, charts);
  const std::string sweep_sections = sweep_sections_html(inputs, sweep_summaries, charts);

  json page_data = {{"scale", {{"max_t_per_yr", scale_t_per_yr}, {"max_width_px", kMapMaxLineWidthPx}}},
                    {"legend", map_legend_html(scale_t_per_yr, false)},
                    {"diff_legend", map_legend_html(scale_t_per_yr, true)},
                    {"charts", charts.specs()}};
  json map_list = json::array();
  for (const auto& m : maps) {
    json entry = m.data;
    entry["element"] = m.element_id;
    map_list.push_back(std::move(entry));
  }
  page_data["maps"] = std::move(map_list);

  const std::string title = page_title(inputs);
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"borderflow report\">\n<title>"
      << escape_markup(title) << "</title>\n<link rel=\"stylesheet\" href=\"lib/leaflet.css\">\n<style>\n"
      << report_style() << "</style>\n</head>\n<body data-ready=\"0\" data-errors=\"0\">\n<header>\n<h1>" << escape_markup(title)
      << "</h1>\n<nav>";
  const std::vector<std::pair<std::string, bool>> nav = {
      {"headline", true},
      {"maps", !maps.empty()},
      {"charts", !charts_section.empty()},
      {"tables", !inputs.scenarios.empty()},
      {"inputs", inputs.scenarios.size() + inputs.time_scenarios.size() >= 2},
      {"provenance", !inputs.scenarios.empty() || !inputs.time_scenarios.empty()},
      {"data", true}};
  for (const auto& [id, shown] : nav) {
    if (shown) out << "<a href=\"#" << id << "\">" << id << "</a> ";
  }
  for (std::size_t i = 0; i < inputs.time_scenarios.size(); ++i) {
    out << "<a href=\"#time-" << (i + 1) << "\">" << escape_markup(inputs.time_scenarios[i].scenario().name) << "</a> ";
  }
  for (std::size_t i = 0; i < inputs.sweeps.size(); ++i) {
    out << "<a href=\"#sweep-" << (i + 1) << "\">" << escape_markup("sweep " + inputs.sweeps[i].sweep) << "</a> ";
  }
  out << "</nav>\n</header>\n<main>\n";
  out << headline_html(inputs, compare_markdown) << maps_html(maps) << charts_section << tables_html(inputs, compare_markdown)
      << time_sections << sweep_sections << differences_html(inputs) << provenance_html(inputs) << data_html(data);
  out << "</main>\n<footer><p>Made by borderflow " << escape_markup(kBorderflowVersion)
      << ". Basemap: Natural Earth 1:10m admin-0 countries (public domain), via world-atlas 2.0.2. Maps drawn with "
         "Leaflet, charts with Vega-Lite; both ship in lib/ with their licences.</p></footer>\n";
  out << "<script type=\"application/json\" id=\"bf-data\">" << json_for_script(page_data) << "</script>\n";
  if (!maps.empty()) {
    out << "<script type=\"application/json\" id=\"bf-basemap\">"
        << json_for_script(json::parse(asset("basemap/region-10m.geojson"))) << "</script>\n";
  }
  out << "<script src=\"lib/leaflet.js\"></script>\n<script src=\"lib/vega.min.js\"></script>\n"
         "<script src=\"lib/vega-lite.min.js\"></script>\n<script src=\"lib/vega-embed.min.js\"></script>\n<script>\n"
      << report_script() << "</script>\n</body>\n</html>\n";
  return out.str();
}

}  // namespace borderflow
