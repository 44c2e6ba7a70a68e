// borderflow: the command-line front of the engine. Thin by design: parse arguments, call the
// engine, print or write what it returns, and map every failure to an exit code.
//   0 ok, 1 usage, 2 input or environment error, 3 internal error (including a failed --verify).
#include <fcntl.h>
#include <malloc.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "core/atomic_file.hpp"
#include "core/text.hpp"
#include "report/labels.hpp"
#include "report/geopackage.hpp"
#include "report/map.hpp"
#include "report/print_map.hpp"
#include "report/report.hpp"
#include "scenario/loader.hpp"
#include "site/compare_bands.hpp"
#include "site/report_site.hpp"
#include "solve/answers.hpp"
#include "sweep/spec.hpp"
#include "sweep/store.hpp"
#include "sweep/summary.hpp"
#include "command_limits.hpp"
#include "convert_command.hpp"
#include "critical_command.hpp"
#include "exit_codes.hpp"
#include "sweep_command.hpp"
#include "terminal_width.hpp"

namespace bf = borderflow;

using namespace borderflow_cli;  // ExitCode

namespace {

struct OutputOptions {
  std::string format = "table";
  std::string output;
  bool verify = false;
  double max_seconds = 300;  ///< --max-seconds: the time budget of the whole command
};

bf::Format parse_format(const std::string& name) {
  if (name == "json") return bf::Format::Json;
  if (name == "csv") return bf::Format::Csv;
  if (name == "markdown" || name == "md") return bf::Format::Markdown;
  return bf::Format::Table;
}

[[noreturn]] void stdout_failed(int error) {
  throw bf::EnvironmentError(std::string("cannot write standard output: ") + std::strerror(error ? error : EIO));
}

/// Writes `text` to standard output and flushes it; a full disk, a closed descriptor or a
/// vanished pipe reader throws EnvironmentError with the system's reason, so that lost output
/// never exits 0.
void write_stdout(const std::string& text) {
  errno = 0;
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) stdout_failed(errno);
}

/// A closed standard output (`>&-`) is held by a read-only descriptor: writes to it then fail
/// (EBADF, reported), and no file this run opens (a scenario, a store) can take descriptor 1 and
/// receive the text meant for standard output.
void hold_closed_stdout() {
  if (::fcntl(STDOUT_FILENO, F_GETFD) != -1 || errno != EBADF) return;
  const int fd = ::open("/dev/null", O_RDONLY);
  if (fd > STDOUT_FILENO) {
    ::dup2(fd, STDOUT_FILENO);
    ::close(fd);
  }
}

/// Keeps freed heap memory in the process instead of handing it back at every free. By default
/// glibc trims the heap whenever 128 KiB lie free at its top and grows it again on the next
/// allocation: the simplex's work arrays, allocated and freed at every solve, cost a bundled
/// `run` 38 brk calls and ~700 page faults of memory given back and taken again (4 and none with
/// these settings; docs/benchmarks.md, "Seventh pass"). With these settings memory returns to the system only from
/// 64 MiB free at the top (or at malloc_trim, which sweeps call), the heap grows 8 MiB at a time,
/// and blocks under 32 MiB (glibc's own largest dynamic threshold; setting any of these fixes it)
/// come from the heap rather than from a mapping each.
void keep_freed_memory() {
#ifdef M_TRIM_THRESHOLD
  ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
  ::mallopt(M_TOP_PAD, 8 << 20);
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

void emit(const OutputOptions& options, const std::string& text) {
  if (options.output.empty() || options.output == "-") {
    write_stdout(text);
  } else {
    bf::write_file_atomically(options.output, text);
    spdlog::info("wrote {}", options.output);
  }
}

/// The widest line of a text table written where `options` say (terminal_width.hpp).
std::size_t output_width(const OutputOptions& options) { return table_width(options.output.empty() || options.output == "-"); }

void print_input_error(const bf::InputError& error) { std::cerr << bf::format_diagnostics(error.diagnostics()); }

/// Loads a scenario; a sweep spec given in its place (its first key, `borderflow-sweep:`, is
/// unknown to scenarios) is named as such in one error instead of one per spec key.
bf::Scenario load(const std::string& file, const bf::LoadOptions& options = {}) {
  try {
    return bf::load_scenario(file, options);
  } catch (const bf::InputError& error) {
    for (const auto& d : error.diagnostics()) {
      if (d.yaml_path != "borderflow-sweep") continue;
      throw bf::InputError(d.where, "this is a sweep spec (it starts with 'borderflow-sweep:'), not a scenario; check it "
                                    "with 'borderflow sweep validate " + d.where.file + "' and run it with "
                                    "'borderflow sweep run " + d.where.file + " -o STORE'");
    }
    throw;
  }
}

// --max-seconds: one deadline for every answer of the command, set when solving starts. Answers
// it cuts off are printed as limit-reached, named on stderr, and the command exits 2: the budget
// is the user's, like the input, and so is the remedy (a larger budget or fewer questions).
bf::SolveLimits budget_limits(double max_seconds, const CommandLimits& command_limits) {
  bf::SolveLimits limits;
  limits.max_memory_bytes = command_limits.max_memory_bytes();
  limits.deadline = std::chrono::steady_clock::now() +
                    std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(max_seconds));
  return limits;
}

void add_budget_option(CLI::App* command, OutputOptions& options) {
  command->add_option("--max-seconds", options.max_seconds, "time budget of the whole command; answers it cuts off are limit-reached and the exit code is 2")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();
}

/// Names the answers that hit a limit on stderr; kInput when any did.
int budget_exit(const std::vector<const bf::SolvedScenario*>& solved, double max_seconds) {
  int exit = kOk;
  for (const auto* s : solved) {
    const std::string notice = bf::limit_reached_notice(*s, max_seconds);
    if (notice.empty()) continue;
    std::cerr << notice << "\n";
    exit = kInput;
  }
  return exit;
}

/// `one_year_command`: a command that answers a scenario as one year refuses a time scenario.
bf::SolvedScenario solve_file(const std::string& file, const bf::SolveLimits& limits, const bf::Limits& input_limits,
                              const std::string& one_year_command = {}) {
  bf::LoadOptions load_options;
  load_options.limits = input_limits;
  auto scenario = std::make_shared<const bf::Scenario>(load(file, load_options));
  if (!one_year_command.empty()) bf::require_one_period(*scenario, one_year_command);
  bf::SolvedScenario solved = bf::solve_scenario(std::move(scenario), file, limits);
  spdlog::debug("{}: {} vertices, {} arcs, {} capacity rows", file, solved.network.vertex_count(),
                solved.network.arcs().size(), solved.network.rows().size());
  return solved;
}

/// --verify: every answer must be an optimum whose certificate holds, or a route proven
/// unlimited; each failure is logged with its reason.
bool verified(const bf::SolvedScenario& solved) {
  const auto failures = bf::verification_failures(solved);
  for (const auto& failure : failures) spdlog::error("{}: {}", solved.file, failure);
  return failures.empty();
}

int run_validate(const std::vector<std::string>& files, bool require_provenance, const CommandLimits& limits) {
  int exit = kOk;
  for (const auto& file : files) {
    try {
      bf::LoadOptions options;
      options.require_provenance = require_provenance;
      options.limits = limits.input();
      std::vector<bf::Diagnostic> warnings;
      options.warnings = &warnings;
      bf::Network network(load(file, options));
      for (const auto& w : warnings) std::cerr << w.format() << "\n";
      const bf::Scenario& scenario = network.scenario();
      const auto problems = network.check();
      if (!problems.empty()) {
        for (const auto& p : problems) std::cerr << file << ": error: network: " << p << "\n";
        exit = kInternal;
        continue;
      }
      // A background heavier than a capacity is an input error; routing the background
      // demands (a small LP) is the only way to know their share.
      bf::route_background(network);
      write_stdout(file + ": ok (" + bf::scenario_summary(scenario) + ")\n");
    } catch (const bf::InputError& error) {
      print_input_error(error);
      if (exit == kOk) exit = kInput;
    }
  }
  return exit;
}

int run_run(const std::string& file, const OutputOptions& options, const CommandLimits& limits) {
  const bf::SolvedScenario solved = solve_file(file, budget_limits(options.max_seconds, limits), limits.input());
  if (options.verify && !verified(solved)) return kInternal;
  emit(options, bf::render_run(solved, parse_format(options.format), output_width(options)));
  return budget_exit({&solved}, options.max_seconds);
}

/// The P10-P90 bands of the sweep store `path` for the compared scenarios (read_compare_bands);
/// a store that cannot give them is the user's to fix: exit 2 with the reason.
bf::CompareBands read_bands(const std::string& path, const std::vector<bf::SolvedScenario>& solved) {
  bf::CompareBandsRead read = bf::read_compare_bands(path, solved);
  using Outcome = bf::CompareBandsRead::Outcome;
  switch (read.outcome) {
    case Outcome::Read: break;
    case Outcome::Unreadable: throw bf::EnvironmentError("--bands: " + read.error);
    case Outcome::Stale:
      throw bf::EnvironmentError("--bands: " + path + " was made from other data than " + read.stored.spec_file +
                                 " and its scenarios hold now (digest " + read.stored.spec_hash + ", now " +
                                 read.spec_hash_now + "); run the sweep again into a new store");
    case Outcome::SpecUnreadable:
      throw bf::EnvironmentError("--bands: " + path + " was made from " + read.stored.spec_file +
                                 ", which cannot be read from here to check that the store is current; run "
                                 "compare from the folder the sweep ran in");
    case Outcome::NoScenarioWorld: {
      std::string scenario_names, world_names;
      for (const auto& s : solved) scenario_names += (scenario_names.empty() ? "" : ", ") + s.scenario().name;
      for (const auto& b : read.stored.bands) {
        if (world_names.find("'" + b.world + "'") == std::string::npos) world_names += (world_names.empty() ? "" : ", ") + ("'" + b.world + "'");
      }
      throw bf::EnvironmentError("--bands: " + path + ": the sweep's worlds (" + world_names +
                                 ") include none of the compared scenarios (" + scenario_names +
                                 "); name the sweep's worlds after the scenarios");
    }
  }
  return std::move(read.bands);
}

int run_compare(const std::vector<std::string>& files, const std::string& bands_store, const OutputOptions& options,
                const CommandLimits& command_limits) {
  const bf::SolveLimits limits = budget_limits(options.max_seconds, command_limits);
  std::vector<bf::SolvedScenario> solved;
  for (const auto& file : files) solved.push_back(solve_file(file, limits, command_limits.input(), "compare"));
  for (const auto& s : solved) {
    if (options.verify && !verified(s)) return kInternal;
  }
  std::optional<bf::CompareBands> bands;
  if (!bands_store.empty()) bands = read_bands(bands_store, solved);
  emit(options, bf::render_compare(solved, parse_format(options.format), bands ? &*bands : nullptr, output_width(options)));
  std::vector<const bf::SolvedScenario*> all;
  for (const auto& s : solved) all.push_back(&s);
  return budget_exit(all, options.max_seconds);
}

/// A command line the user has to correct (exit 1), found before anything is solved.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExportOptions {
  std::string format;  ///< --format as given ("" = from the output's extension)
  std::string output;  ///< -o ("" or "-" = standard output)
  std::string layer;   ///< --layer as given ("" = links)
  double scale_t_per_yr = 0;  ///< --scale-t (0 = the print map's default)
  bool verify = false;
  double max_seconds = 300;
};

/// The format an output's name asks for ("" when its extension names none).
std::string format_of_extension(const std::string& output) {
  std::string extension = std::filesystem::path(output).extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (extension == ".geojson" || extension == ".json") return "geojson";
  if (extension == ".gpkg") return "gpkg";
  if (extension == ".svg") return "svg";
  if (extension == ".png") return "png";
  return "";
}

/// What `export` writes: the format (from -o's extension, or --format; both must agree) and the
/// options that only some formats take. Every conflict is a UsageError naming what to change.
std::string export_format(const ExportOptions& options) {
  const bool to_stdout = options.output.empty() || options.output == "-";
  const std::string inferred = to_stdout ? "" : format_of_extension(options.output);
  if (!options.format.empty() && !inferred.empty() && options.format != inferred) {
    throw UsageError("--format " + options.format + " does not match the output " + options.output + " (its extension means " +
                     inferred + "); drop --format or name the output for the format");
  }
  std::string format = !options.format.empty() ? options.format : inferred;
  if (format.empty() && !to_stdout) {
    throw UsageError("cannot tell the format of " + options.output +
                     " from its name: end it in .geojson, .json, .gpkg, .svg or .png, or give --format");
  }
  if (format.empty()) format = "geojson";
  if (to_stdout && (format == "gpkg" || format == "png")) {
    throw UsageError("--format " + format + " writes a binary file: give -o FILE." + format);
  }
  if (!options.layer.empty() && format != "geojson") {
    throw UsageError("--layer chooses the one layer of a GeoJSON file; " + format + " output holds " +
                     (format == "gpkg" ? "every layer" : "the whole map"));
  }
  if (options.scale_t_per_yr > 0 && format != "svg" && format != "png") {
    throw UsageError("--scale-t sets the line widths of a drawn map (svg or png), not of " + format +
                     " output, whose features carry their flows");
  }
  return format;
}

int run_export(const std::string& file, const ExportOptions& options, const CommandLimits& limits) {
  const std::string format = export_format(options);
  bf::GisLayerKind layer = bf::GisLayerKind::Links;
  if (!options.layer.empty()) layer = *bf::parse_gis_layer(options.layer);  // CLI11 checked the name
  const bf::SolvedScenario solved = solve_file(file, budget_limits(options.max_seconds, limits), limits.input(), "export");
  if (options.verify && !verified(solved)) return kInternal;
  bf::PrintMapOptions print;
  if (options.scale_t_per_yr > 0) print.scale_t_per_yr = options.scale_t_per_yr;
  OutputOptions output;
  output.output = options.output;
  if (format == "gpkg") {
    bf::write_geopackage(solved, options.output);
    spdlog::info("wrote {}", options.output);
  } else if (format == "svg") {
    emit(output, bf::render_svg_map(solved, print));
  } else if (format == "png") {
    emit(output, bf::render_png_map(solved, print));
  } else {
    emit(output, bf::render_geojson(solved, layer));
  }
  return budget_exit({&solved}, options.max_seconds);
}

/// `report`: the files read and answered, checked, then the folder written (site/report_site.hpp).
int run_report(const std::vector<std::string>& files, const std::string& route, const OutputOptions& options,
               const CommandLimits& limits) {
  const bf::ReportInputs inputs = bf::read_report_inputs(files, budget_limits(options.max_seconds, limits), limits.input());
  if (const std::string unknown = bf::unknown_route_message(inputs, route); !unknown.empty()) {
    std::cerr << "error: " << unknown << "\n";
    return kUsage;
  }
  std::vector<const bf::SolvedScenario*> all;
  for (const auto* list : {&inputs.scenarios, &inputs.time_scenarios}) {
    for (const auto& s : *list) all.push_back(&s);
  }
  for (const auto* s : all) {
    if (options.verify && !verified(*s)) return kInternal;
  }
  bf::SiteOptions site;
  site.profile_route = route;
  bf::write_report_site(options.output, bf::build_report_site(inputs, site));
  spdlog::info("wrote {}", (std::filesystem::path(options.output) / "index.html").string());
  return budget_exit(all, options.max_seconds);
}

void add_output_options(CLI::App* command, OutputOptions& options, bool markdown) {
  std::vector<std::string> formats = {"table", "json", "csv"};
  if (markdown) formats.push_back("markdown");
  command->add_option("--format", options.format, "output format")->check(CLI::IsMember(formats))->capture_default_str();
  command->add_option("-o,--output", options.output, "write to this file (atomically) instead of standard output");
  command->add_flag("--verify", options.verify,
                    "re-check every answer (conservation, capacities, cost, optimality certificate); exit 3 if any fails");
  add_budget_option(command, options);
}

/// After a parse error: the message for a word that names no command where a command is expected
/// (`borderflow runn`), with the closest command; empty when the error is another.
std::string unknown_command_message(const CLI::App& app, int argc, char** argv) {
  const CLI::App* current = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') continue;  // flags only, before a command: none takes a value
    const auto commands = current->get_subcommands([](const CLI::App*) { return true; });
    if (commands.empty()) return {};  // a command's own arguments from here on
    const CLI::App* named = nullptr;
    std::vector<std::string> names;
    for (const CLI::App* command : commands) {
      if (command->get_name() == word) named = command;
      names.push_back(command->get_name());
    }
    if (named) {
      current = named;
      continue;
    }
    std::string message = "error: unknown command '" + word + "'";
    if (const auto hint = bf::closest_match(word, names)) return message + "; did you mean '" + *hint + "'?";
    std::string all;
    for (const auto& name : names) all += (all.empty() ? "" : ", ") + name;
    return message + "; the commands are: " + all;
  }
  return {};
}

/// The exit code, once standard output has taken everything: text written with std::cout (the
/// help, the sweep commands) that never reached it turns a success into exit 2 with the reason.
int flushed(int code) {
  errno = 0;
  if (code != kOk || (std::fflush(stdout) == 0 && !std::ferror(stdout))) return code;
  std::cerr << "error: cannot write standard output: " << std::strerror(errno ? errno : EIO) << "\n";
  return kInput;
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
  hold_closed_stdout();
  auto logger = spdlog::stderr_color_mt("borderflow");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::warn);

  CLI::App app{"borderflow: how much trade each border route can carry, at what cost, and what holds it back"};
  app.set_version_flag("--version", std::string("borderflow ") + BORDERFLOW_VERSION);
  app.require_subcommand(1);
  // -q and -v also work after the command (`borderflow run x.yaml -q`): a command passes the
  // options it does not know up to here. Set before the commands are added, which inherit it.
  app.fallthrough();
  int verbosity = 0;
  bool quiet = false;
  app.add_flag("-v,--verbose", verbosity, "more log output (repeat for debug)");
  app.add_flag("-q,--quiet", quiet, "errors only");
  CommandLimits limits;
  add_limit_options(app, limits);

  std::vector<std::string> validate_files;
  bool require_provenance = false;
  auto* validate = app.add_subcommand("validate", "check scenario files and report every problem with file:line:column");
  validate->add_option("files", validate_files, "scenario files")->required();
  validate->add_flag("--require-provenance", require_provenance,
                     "also require source: or assumption: on every element (the rule for config/)");

  std::string run_file;
  OutputOptions run_options;
  auto* run = app.add_subcommand("run", "answer a scenario: route capacities with bottlenecks, and demand routing");
  run->add_option("file", run_file, "scenario file")->required();
  add_output_options(run, run_options, true);

  std::vector<std::string> compare_files;
  OutputOptions compare_options;
  auto* compare = app.add_subcommand("compare", "scenarios side by side per route and direction, with deltas");
  compare->add_option("files", compare_files, "two or more scenario files")->required()->expected(2, 64);
  add_output_options(compare, compare_options, true);
  std::string compare_bands;
  compare->add_option("--bands", compare_bands,
                      "a sweep store (sweep run -o) whose worlds are named after the scenarios: print its P10 to P90 "
                      "beside each capacity, cost and change");

  std::string export_file;
  ExportOptions export_options;
  auto* export_command = app.add_subcommand(
      "export", "the network with its flows per direction as GIS layers (GeoJSON, GeoPackage) or a drawn map (SVG, PNG)");
  export_command->add_option("file", export_file, "scenario file")->required();
  export_command->add_option("-o,--output", export_options.output,
                             "write to this file (atomically); its extension gives the format: .geojson or .json, "
                             ".gpkg, .svg, .png");
  export_command->add_option("--format", export_options.format,
                             "geojson (one layer), gpkg (every layer, with QGIS styles), svg or png (a map for print); "
                             "default: from the output's extension, else geojson")
      ->check(CLI::IsMember({"geojson", "gpkg", "svg", "png"}));
  std::vector<std::string> layer_names;
  for (const auto kind : bf::all_gis_layers()) layer_names.push_back(bf::gis_layer_name(kind));
  export_command->add_option("--layer", export_options.layer, "the GeoJSON layer (default links)")
      ->check(CLI::IsMember(layer_names));
  export_command->add_option("--scale-t", export_options.scale_t_per_yr,
                             "svg/png: the flow in t/yr drawn at full line width, the same for every map to compare "
                             "(default 10e6)")
      ->check(CLI::PositiveNumber);
  export_command->add_flag("--verify", export_options.verify, "re-check every answer first; exit 3 if any fails");
  export_command->add_option("--max-seconds", export_options.max_seconds,
                             "time budget of the whole command; answers it cuts off are limit-reached and the exit code is 2")
      ->check(CLI::Range(0.0, 1e6))
      ->capture_default_str();

  std::vector<std::string> report_files;
  std::string report_route;
  OutputOptions report_options;
  auto* report = app.add_subcommand(
      "report", "scenarios and sweep stores as a folder with an HTML page (maps, charts, tables) that opens offline");
  report->add_option("files", report_files, "scenario files (compared when one-year) and sweep stores (sweep run -o)")
      ->required();
  report->add_option("-o,--output", report_options.output,
                     "the folder to write index.html, lib/ and data/ into (created when missing)")
      ->required();
  report->add_option("--route", report_route,
                     "the route question of the time-cost-distance chart (a route id; default: the first that carries)");
  report->add_flag("--verify", report_options.verify, "re-check every answer first; exit 3 if any fails");
  add_budget_option(report, report_options);

  auto sweep = borderflow_cli::add_sweep_commands(app, limits);
  auto critical = borderflow_cli::add_critical_command(app, limits);
  auto convert = borderflow_cli::add_convert_command(app, limits);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (const std::string unknown = unknown_command_message(app, argc, argv); !unknown.empty()) {
      std::cerr << unknown << "\nRun with --help for more information.\n";
      return kUsage;
    }
    const int code = app.exit(e);
    return flushed(code == 0 ? kOk : kUsage);
  }
  if (quiet) spdlog::set_level(spdlog::level::err);
  else if (verbosity == 1) spdlog::set_level(spdlog::level::info);
  else if (verbosity >= 2) spdlog::set_level(spdlog::level::debug);

  try {
    if (*validate) return flushed(run_validate(validate_files, require_provenance, limits));
    if (*run) return flushed(run_run(run_file, run_options, limits));
    if (*compare) return flushed(run_compare(compare_files, compare_bands, compare_options, limits));
    if (*export_command) return flushed(run_export(export_file, export_options, limits));
    if (*report) return flushed(run_report(report_files, report_route, report_options, limits));
    if (sweep->selected()) return flushed(sweep->run());
    if (critical->selected()) return flushed(critical->run());
    if (convert->selected()) return flushed(convert->run());
  } catch (const UsageError& error) {
    std::cerr << "error: " << error.what() << "\n";
    return kUsage;
  } catch (const bf::InputError& error) {
    print_input_error(error);
    return kInput;
  } catch (const bf::EnvironmentError& error) {
    // The user's to fix: an output folder that is missing, a full disk, a closed stdout.
    std::cerr << "error: " << error.what() << "\n";
    return kInput;
  } catch (const std::filesystem::filesystem_error& error) {
    std::cerr << "error: " << error.path1().string() << ": " << error.code().message() << "\n";
    return kInput;
  } catch (const std::exception& error) {
    spdlog::error("internal error: {}", error.what());
    return kInternal;
  }
  return kUsage;
}
