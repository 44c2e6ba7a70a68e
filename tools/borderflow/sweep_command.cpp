#include "sweep_command.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/atomic_file.hpp"
#include "core/text.hpp"
#include "exit_codes.hpp"
#include "sweep/job.hpp"
#include "sweep/model.hpp"
#include "sweep/runner.hpp"
#include "sweep/spec.hpp"
#include "sweep/store.hpp"
#include "sweep/summary.hpp"
#include "sweep_mpi.hpp"
#include "sweep_progress.hpp"

namespace bf = borderflow;

namespace borderflow_cli {
namespace {

std::string describe_parameter(const bf::SweepParameter& p) {
  std::string out = p.path + ": ";
  if (p.continuous) {
    static const char* names[] = {"uniform", "loguniform", "triangular"};
    out += std::string(names[static_cast<int>(p.distribution)]) + " [" + bf::format_real(p.low) + ", " +
           bf::format_real(p.high) + "] " + p.unit;
    if (p.distribution == bf::Distribution::Triangular) out += " mode " + bf::format_real(p.mode);
    if (p.levels > 0) out += ", " + std::to_string(p.levels) + " levels";
  } else {
    std::string values;
    for (std::size_t i = 0; i < p.value_count() && i < 8; ++i) {
      values += (i ? ", " : "") + (p.text || p.target == bf::ParameterTarget::Transit ? p.labels[i] : bf::format_real(p.numbers[i]));
    }
    if (p.value_count() > 8) values += ", ... (" + std::to_string(p.value_count()) + " values)";
    out += "{" + values + "}" + (p.unit.empty() ? "" : " " + p.unit);
  }
  return out;
}

/// Writes `text` to standard output and flushes it, so a failure shows now: throws
/// EnvironmentError("standard output: REASON") for a full disk, a closed pipe or descriptor.
void print_to_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    throw bf::EnvironmentError(std::string("standard output: ") + std::strerror(errno));
  }
}

/// `word` as one word of a POSIX shell command line: as is when it is plain, else single-quoted.
std::string shell_word(const std::string& word) {
  const bool plain = !word.empty() && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                             "0123456789_./:=@%+,-") == std::string::npos;
  if (plain) return word;
  std::string out = "'";
  for (char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class Commands final : public SweepCommands {
 public:
  Commands(CLI::App& app, const CommandLimits& limits) : limits_(limits) {
    sweep_ = app.add_subcommand("sweep", "batch sweeps: many variants of a scenario, matched policy worlds, resumable");
    sweep_->require_subcommand(1);

    validate_ = sweep_->add_subcommand("validate", "check a sweep spec and show what it will run");
    validate_->add_option("spec", spec_, "sweep spec file")->required();

    run_ = sweep_->add_subcommand("run", "run a sweep (or one shard of it) into a SQLite store");
    run_->add_option("spec", spec_, "sweep spec file")->required();
    run_->add_option("-o,--store", store_, "the SQLite results store to create (or continue with --resume)")->required();
    run_->add_flag("--resume", resume_, "continue the store: skip finished blocks, compute the rest (a missing store starts fresh)");
    run_->add_option("-j,--jobs", jobs_, "worker threads (default: every core, shared among MPI ranks on a node)");
    run_->add_option("--shard", shard_, "run only shard K of N (1 <= K <= N): blocks b with b mod N = K - 1")
        ->capture_default_str();
    run_->add_option("--csv", csv_, "also export the finished store's rows as CSV to this file");
    run_->add_option("--progress", progress_, "progress display: auto (bar on a terminal, lines otherwise), bar, lines, none")
        ->check(CLI::IsMember({"auto", "bar", "lines", "none"}))
        ->capture_default_str();
    mpi_option_ = run_->add_flag("--mpi,!--no-mpi", mpi_,
                                 "distribute blocks over MPI ranks (default: when started by mpirun or srun)");

    merge_ = sweep_->add_subcommand("merge", "join shard stores into one store: merge -o OUT SHARD... (or merge OUT SHARD...)");
    merge_->add_option("-o,--output", merge_out_, "the merged store to create");
    merge_->add_option("stores", merge_in_, "shard stores (without -o: the merged store to create, then the shards)")
        ->required()
        ->expected(1, 100000);
    merge_->add_flag("--allow-partial", allow_partial_, "merge even when blocks are missing (a later --resume can fill them)");

    export_ = sweep_->add_subcommand("export", "write a store's rows as CSV (ordered by variant, then world)");
    export_->add_option("store", store_, "sweep store")->required();
    export_->add_option("-o,--output", csv_, "CSV file (default: standard output)");
    export_->add_flag("--bottlenecks", export_bottlenecks_,
                      "write the full bottleneck sets instead (one line per variant, world, route question and "
                      "binding capacity, in rank order)");

    summarize_ = sweep_->add_subcommand("summarize", "statistics, matched-pair win shares and ranked sensitivities of a store");
    summarize_->add_option("store", store_, "sweep store")->required();
    summarize_->add_option("-o,--output", summary_prefix_,
                           "prefix of the CSV files written (PREFIX.stats.csv, .wins.csv, .sensitivity.csv); "
                           "default: the store's path without its extension, plus '.summary'");
    summarize_->add_option("--top", top_, "parameters shown per output in the ranked table")->capture_default_str();
  }

  bool selected() const override { return sweep_->parsed(); }

  int run() override {
    if (validate_->parsed()) return run_validate();
    if (run_->parsed()) return run_sweep();
    if (merge_->parsed()) return run_merge();
    if (export_->parsed()) {
      return run_store_command([&] {
        const auto lines = export_bottlenecks_ ? bf::export_bottlenecks_csv(store_, csv_) : bf::export_csv(store_, csv_);
        if (!csv_.empty() && csv_ != "-") spdlog::info("wrote {} rows to {}", lines, csv_);
      });
    }
    if (summarize_->parsed()) return run_summarize();
    return kUsage;
  }

 private:
  /// `merge -o OUT SHARD...`, or the older `merge OUT SHARD...` (the output first), as `run` has `-o`.
  int run_merge() {
    std::string out = merge_out_;
    std::vector<std::string> shards = merge_in_;
    if (out.empty()) {
      if (shards.size() < 2) {
        std::cerr << "error: name the merged store: sweep merge -o OUT SHARD...\n";
        return kUsage;
      }
      out = shards.front();
      shards.erase(shards.begin());
    }
    return run_store_command([&] { std::cerr << bf::merge_stores(out, shards, allow_partial_) << "\n"; });
  }

  int run_validate() {
    const bf::SweepModel model(bf::load_sweep_spec(spec_, load_options()));
    const bf::SweepSpec& s = model.spec();
    std::ostringstream out;
    out << spec_ << ": ok\n";
    out << "  name:       " << s.name << "\n";
    out << "  base:       " << s.base_file << " (" << model.network().vertex_count() << " vertices, "
        << model.network().arcs().size() << " arcs, " << model.network().rows().size() << " capacity rows)\n";
    out << "  design:     " << bf::to_string(s.design) << ", seed " << s.seed << ", "
        << bf::format_grouped(static_cast<double>(s.variant_count)) << " variants (max_variants "
        << bf::format_grouped(static_cast<double>(s.max_variants)) << "), " << model.block_count()
        << (model.block_count() == 1 ? " block of " : " blocks of ") << s.block_size << "\n";
    out << "  parameters: " << s.parameters.size() << "\n";
    for (const auto& p : s.parameters) out << "    " << describe_parameter(p) << "\n";
    out << "  worlds:     ";
    for (std::size_t w = 0; w < s.worlds.size(); ++w) {
      std::string nt;
      for (const auto& c : s.worlds[w].no_transit) nt += (nt.empty() ? "" : ",") + c;
      out << (w ? ", " : "") << s.worlds[w].name << " (no_transit [" << nt << "])";
    }
    out << "\n";
    int outputs = 0, deltas = 0;
    for (const auto& c : model.columns()) {
      if (c.kind == bf::ColumnKind::Output) ++outputs;
      if (c.kind == bf::ColumnKind::Delta) ++deltas;
    }
    out << "  columns:    " << s.parameters.size() << " parameters, " << outputs << " outputs, " << deltas
        << " deltas per row; " << s.worlds.size() << " rows per variant\n";
    return run_store_command([&] { print_to_stdout(out.str()); });
  }

  int run_sweep() {
    bf::SweepRunConfig config;
    try {
      std::tie(config.shard_index, config.shard_count) = bf::parse_shard(shard_);
    } catch (const std::invalid_argument& e) {
      std::cerr << "error: " << e.what() << "\n";
      return kUsage;
    }
    if (jobs_ < 0) {
      std::cerr << "error: --jobs must be 1 or more\n";
      return kUsage;
    }
    const bf::SweepModel model(bf::load_sweep_spec(spec_, load_options()));
    config.store_path = store_;
    config.resume = resume_;
    config.jobs = jobs_;
    config.csv_path = csv_;
    config.version = BORDERFLOW_VERSION;
    // -q (errors only) hides the automatic progress display; an explicit --progress still shows.
    const auto mode = progress_ == "auto" ? (spdlog::get_level() > spdlog::level::warn ? ProgressReporter::Mode::None
                                                                                        : ProgressReporter::automatic())
                      : progress_ == "bar" ? ProgressReporter::Mode::Bar
                      : progress_ == "lines" ? ProgressReporter::Mode::Lines
                                             : ProgressReporter::Mode::None;
    const bool use_mpi = mpi_option_->count() > 0 ? mpi_ : mpi_launched();
    if (use_mpi) {
#ifdef BORDERFLOW_HAVE_MPI
      if (config.shard_count != 1) {
        std::cerr << "error: --shard and MPI do not combine; MPI ranks already share the blocks\n";
        return kUsage;
      }
      return run_sweep_mpi(model, config, mode);
#else
      std::cerr << "error: this borderflow was built without MPI (install libopenmpi-dev and rebuild)\n";
      return kUsage;
#endif
    }
    return run_store_command([&] {
      SweepProgress progress(mode);
      InterruptNotice notice(store_, resume_command(), mode == ProgressReporter::Mode::Bar);
      auto hooks = progress.hooks(store_);
      notice.count(hooks);
      const auto result = bf::run_sweep(model, config, hooks);
      progress.finish();
      spdlog::info("{}: {} variants x {} worlds in {:.1f} s", store_, result.variants_written,
                   model.spec().worlds.size(), progress.elapsed_seconds());
    });
  }

  /// The command line that continues this run: the same spec, store, shard, threads and CSV.
  std::string resume_command() const {
    std::string command = shell_word(sweep_->get_parent()->get_name()) + " sweep run " + shell_word(spec_) + " -o " +
                          shell_word(store_) + " --resume" + limits_.given_flags();
    if (shard_ != "1/1") command += " --shard " + shell_word(shard_);
    if (jobs_ > 0) command += " --jobs " + std::to_string(jobs_);
    if (!csv_.empty()) command += " --csv " + shell_word(csv_);
    if (progress_ != "auto") command += " --progress " + progress_;
    return command;
  }

  int run_summarize() {
    bf::SummaryOptions options;
    options.top = top_;
    return run_store_command([&] {
      const bf::Summary summary = bf::summarize_store(store_, options);
      std::string prefix = summary_prefix_;
      if (prefix.empty()) {
        std::filesystem::path p(store_);
        prefix = (p.parent_path() / p.stem()).string() + ".summary";
      }
      bf::write_file_atomically(prefix + ".stats.csv", summary.stats_csv);
      bf::write_file_atomically(prefix + ".wins.csv", summary.wins_csv);
      bf::write_file_atomically(prefix + ".sensitivity.csv", summary.sensitivity_csv);
      print_to_stdout(summary.text + "\nwrote " + prefix + ".stats.csv, " + prefix + ".wins.csv, " + prefix +
                      ".sensitivity.csv\n");
    });
  }

  CLI::App* sweep_ = nullptr;
  CLI::App *validate_ = nullptr, *run_ = nullptr, *merge_ = nullptr, *export_ = nullptr, *summarize_ = nullptr;
  /// How specs and their scenarios are read: the command line's input limits.
  bf::SweepLoadOptions load_options() const {
    bf::SweepLoadOptions options;
    options.limits = limits_.input();
    return options;
  }

  const CommandLimits& limits_;
  std::string spec_, store_, shard_ = "1/1", csv_, progress_ = "auto", merge_out_, summary_prefix_;
  std::vector<std::string> merge_in_;
  bool resume_ = false, allow_partial_ = false, export_bottlenecks_ = false;
  bool mpi_ = false;
  CLI::Option* mpi_option_ = nullptr;
  int jobs_ = 0;
  std::size_t top_ = 3;
};

}  // namespace

int run_store_command(const std::function<void()>& command) {
  try {
    command();
  } catch (const bf::SweepStoreExists& e) {
    std::cerr << "error: " << e.what() << "; pass --resume to continue it, or choose another store\n";
    return kUsage;
  } catch (const bf::StoreInputError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kInput;
  } catch (const bf::EnvironmentError& e) {
    // The user's environment (a missing folder, a full disk, a closed standard output), exit 2.
    std::cerr << "error: " << e.what() << "\n";
    return kInput;
  } catch (const bf::WorkerStartError& e) {
    // The machine refused a thread (--jobs beyond what it allows): the user's setting, exit 2.
    std::cerr << "error: " << e.what() << "\n";
    return kInput;
  } catch (const bf::InputError&) {
    throw;
  } catch (const std::runtime_error& e) {
    std::cerr << "error: " << e.what() << "\n";
    return kInternal;
  }
  return kOk;
}

std::unique_ptr<SweepCommands> add_sweep_commands(CLI::App& app, const CommandLimits& limits) {
  return std::make_unique<Commands>(app, limits);
}

}  // namespace borderflow_cli
