#pragma once
// The process exit codes of `borderflow`, one table for every command (documented in the README
// and tested by the CLI tests, so the values never change):
//   0 ok; 1 usage (the command line is wrong); 2 input (a file the user gave is wrong: a scenario,
//   a spec, a store of another sweep; or the environment refused what the user can fix: an
//   output folder that does not exist, a full disk, a full or closed standard output, see
//   EnvironmentError in core/diagnostic.hpp; or a budget the user set ran out: --max-seconds,
//   the LP size limit); 3 internal (the engine, the solver or SQLite
//   failed, or --verify failed: a certificate did not hold or a question was left unanswered).
namespace borderflow_cli {

enum ExitCode : int { kOk = 0, kUsage = 1, kInput = 2, kInternal = 3 };

}  // namespace borderflow_cli
