#include "convert_command.hpp"

#include <filesystem>
#include <iostream>
#include <string>

#include <spdlog/spdlog.h>

#include "core/atomic_file.hpp"
#include "core/diagnostic.hpp"
#include "exit_codes.hpp"
#include "scenario/loader.hpp"
#include "scenario/network_tables.hpp"

namespace bf = borderflow;

namespace borderflow_cli {
namespace {

namespace fs = std::filesystem;

/// Notes beyond this many are counted, not listed: a large network with ranges would flood.
constexpr std::size_t kNotesShown = 20;

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Command final : public ConvertCommand {
 public:
  Command(CLI::App& app, const CommandLimits& limits) : limits_(limits) {
    command_ = app.add_subcommand(
        "convert", "a scenario's network (places, links, transfers, crossings, sources) to tables, or tables to YAML: "
                   "IN.yaml -o net/ (CSV folder) or -o net.gpkg; net/ or net.gpkg -o net.yaml");
    command_->add_option("input", input_, "a scenario file, or a network in tables (a folder of CSV or a .gpkg)")
        ->required();
    command_->add_option("-o,--output", output_,
                         "a folder (ends with '/', exists, or has no extension) or a .gpkg for tables; a .yaml file "
                         "for tables read back")
        ->required();
  }

  bool selected() const override { return command_->parsed(); }

  int run() override {
    if (bf::is_network_tables(input_)) {
      if (!ends_with(output_, ".yaml") && !ends_with(output_, ".yml")) {
        std::cerr << "error: convert: tables convert to a YAML file (-o NAME.yaml), got '" << output_ << "'\n";
        return kUsage;
      }
      bf::write_file_atomically(output_, bf::network_tables_to_yaml(input_, limits_.input()));
      spdlog::info("wrote {}", output_);
      return kOk;
    }
    std::error_code ignored;
    const bool folder = ends_with(output_, "/") || fs::is_directory(output_, ignored) ||
                        !fs::path(output_).has_extension();
    if (!folder && !ends_with(output_, ".gpkg")) {
      std::cerr << "error: convert: a network converts to a folder of CSV (-o net/) or a GeoPackage (-o net.gpkg), "
                   "got '" << output_ << "'\n";
      return kUsage;
    }
    bf::LoadOptions options;
    options.limits = limits_.input();
    const bf::Scenario scenario = bf::load_scenario(input_, options);
    const std::vector<std::string> notes = bf::write_network_tables(scenario, output_);
    for (std::size_t i = 0; i < notes.size() && i < kNotesShown; ++i) std::cerr << "note: " << notes[i] << "\n";
    if (notes.size() > kNotesShown) std::cerr << "note: ... and " << notes.size() - kNotesShown << " more\n";
    spdlog::info("wrote {}", output_);
    return kOk;
  }

 private:
  CLI::App* command_ = nullptr;
  std::string input_, output_;
  const CommandLimits& limits_;
};

}  // namespace

std::unique_ptr<ConvertCommand> add_convert_command(CLI::App& app, const CommandLimits& limits) {
  return std::make_unique<Command>(app, limits);
}

}  // namespace borderflow_cli
