// pgdrift — the command-line front end: parse, dispatch, map outcomes to exit codes.
// Exit codes follow diff(1): 0 clean, 1 findings, 2 trouble.
#include <malloc.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <sstream>
#include <string>

#include "app/dotenv.h"
#include "app/interrupts.h"
#include "commands.h"
#include "standard_output.h"
#include "util/error.h"

namespace pgdrift::cli {

namespace {
std::atomic<bool> progress_suppressed{false};
}  // namespace

void suppress_progress() {
  progress_suppressed = true;
}

StderrLog::StderrLog(const bool& verbose)
    : verbose_(verbose), terminal_(isatty(STDERR_FILENO) == 1) {}

StderrLog::~StderrLog() {
  clear_progress();
}

void StderrLog::info(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (verbose_) {
    std::fprintf(stderr, "pgdrift: %s\n", line.c_str());
    return;
  }
  if (!terminal_ || progress_suppressed) return;
  // One line, cut to the terminal's width so that it never wraps (a wrapped line could
  // not be taken back with a carriage return). No escape sequences: blanks cover what is
  // left of the longer line before, so any terminal shows it right.
  struct winsize size {};
  const size_t width =
      ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10 ? size.ws_col : 80;
  std::string text = "pgdrift: " + line;
  std::replace(text.begin(), text.end(), '\n', ' ');
  if (text.size() >= width) text = text.substr(0, width - 4) + "...";
  const size_t shown = text.size();
  if (shown < progress_width_) text += std::string(progress_width_ - shown, ' ');
  std::fprintf(stderr, "\r%s", text.c_str());
  std::fflush(stderr);
  progress_width_ = std::max(progress_width_, shown);
}

void StderrLog::warn(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  erase_progress();
  std::fprintf(stderr, "pgdrift: warning: %s\n", line.c_str());
}

void StderrLog::clear_progress() {
  std::lock_guard<std::mutex> lock(mutex_);
  erase_progress();
}

void StderrLog::erase_progress() {
  if (progress_width_ == 0) return;
  std::fprintf(stderr, "\r%s\r", std::string(progress_width_, ' ').c_str());
  std::fflush(stderr);
  progress_width_ = 0;
}

namespace {

constexpr int kExitTrouble = 2;

// Ctrl-C, SIGTERM or a closed terminal: stop at once with the "trouble" code. Output files
// are written under a temporary name and renamed at the end, so nothing half-written
// remains in their place; the server rolls back the read-only transaction when the
// connection drops. Where pgdrift writes to a database and a file together (baseline),
// the running statement is cancelled instead, and that code undoes both and says so.
// Writes \a message (a string literal) to stderr and ends the process; async-signal-safe.
template <size_t N>
[[noreturn]] void stop_with(const char (&message)[N]) {
  (void)!write(STDERR_FILENO, message, N - 1);
  _exit(kExitTrouble);
}

extern "C" void on_interrupt(int) {
  switch (app::on_interrupt_signal()) {
    case app::InterruptAction::kCancelled:
      return;
    case app::InterruptAction::kStopAgain:
      stop_with(
          "pgdrift: error: interrupted again; stopped without waiting for the server to roll "
          "back: run the command again to finish or clean up\n");
    case app::InterruptAction::kStopAfterCommit:
      stop_with(
          "pgdrift: error: interrupted after its changes were committed, so they are complete; "
          "run the command again to see them\n");
    case app::InterruptAction::kStopAfterFiles:
      stop_with(
          "pgdrift: error: interrupted after its files were written, so they are complete; "
          "see them in the migrations folder\n");
    case app::InterruptAction::kStopWatching:
      (void)!write(STDERR_FILENO, "pgdrift: stopped watching\n", 26);
      _exit(0);
    case app::InterruptAction::kStop:
      break;
  }
  stop_with("pgdrift: error: interrupted; nothing was written\n");
}

// Installs on_interrupt for \a sig, unless whoever started pgdrift ignores it (nohup
// ignores SIGHUP; a background job of a non-interactive shell, SIGINT).
void handle_interrupts(int sig) {
  struct sigaction current {};
  if (sigaction(sig, nullptr, &current) == 0 && current.sa_handler == SIG_IGN) return;
  std::signal(sig, on_interrupt);
}

// One line for a parse error, with the hint that helps: CLI11's own text names the option
// or value; an unknown command is named as such (CLI11 says "A subcommand is required").
std::string usage_error_line(const CLI::App& app, const CLI::ParseError& e, int argc, char** argv) {
  std::string command;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] == '-') continue;
    command = argv[i];
    break;
  }
  bool known = false;
  for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
    known = known || sub->get_name() == command;
  if (!command.empty() && !known && app.get_subcommands().empty()) {
    return "unknown command '" + command + "'; run 'pgdrift --help' for the list of commands";
  }
  std::string message = e.what();
  for (char& c : message) {
    if (c == '\n') c = ' ';
  }
  while (!message.empty() && message.back() == ' ') message.pop_back();
  const auto used = app.get_subcommands();
  const std::string help =
      used.empty() ? "pgdrift --help" : "pgdrift " + used.front()->get_name() + " --help";
  return message + "; run '" + help + "' for usage";
}

// --env-file FILE (or --env-file=FILE) and --no-dotenv, wherever they are: the .env file
// must be read before the commands take their defaults from the environment.
struct DotenvChoice {
  std::string path = ".env";
  bool required = false;
  bool skip = false;
};
DotenvChoice dotenv_choice(int argc, char** argv) {
  DotenvChoice choice;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--") break;
    if (arg == "--no-dotenv") choice.skip = true;
    if (arg == "--env-file" && i + 1 < argc) {
      choice.path = argv[++i];
      choice.required = true;
    } else if (arg.rfind("--env-file=", 0) == 0) {
      choice.path = arg.substr(11);
      choice.required = true;
    }
  }
  return choice;
}

}  // namespace
}  // namespace pgdrift::cli

int main(int argc, char** argv) {
  using namespace pgdrift;
  // One malloc arena for all threads: the catalog reader's query threads allocate the
  // results that the main thread frees, and per-thread arenas kept that memory away
  // from the model built next (snapshot peak RSS at 10,000 tables 380 MB -> 240 MB).
  mallopt(M_ARENA_MAX, 1);
  // Large blocks (query results' row arrays, vectors of the model while they grow) come
  // from mmap and go back to the system when freed. glibc would otherwise raise the
  // threshold after the first large free and serve them from the heap, where freed
  // memory stays resident behind live objects.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  cli::guard_standard_streams();
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) cli::handle_interrupts(sig);

  // dbmate's .env: what a team sets there for dbmate reaches pgdrift too.
  const cli::DotenvChoice dotenv = cli::dotenv_choice(argc, argv);
  if (!dotenv.skip) {
    try {
      app::load_dotenv(dotenv.path, dotenv.required);
    } catch (const Error& e) {
      std::fprintf(stderr, "pgdrift: error: %s\n", e.what());
      return cli::kExitTrouble;
    }
  }

  CLI::App app{
      "pgdrift — find and fix PostgreSQL schema drift.\n"
      "snapshot and diff schemas, rescue an untracked database with a dbmate baseline, check it "
      "nightly against its migration history, adopt its drift into that history or revert it, plan "
      "migrations, and gate deploys.",
      "pgdrift"};
  app.set_version_flag("--version", std::string("pgdrift ") + PGDRIFT_VERSION);
  app.require_subcommand(1);
  bool verbose = false;
  app.add_flag("-v,--verbose", verbose, "Print progress (one line per catalog kind) on stderr.");
  // Read before parsing (dotenv_choice); declared here for --help and for CLI11.
  std::string env_file;
  app.add_option("--env-file", env_file,
                 "Read variables from FILE as dbmate reads its .env (KEY=VALUE lines); the "
                 "environment beats the file. Default: ./.env when it exists.")
      ->option_text("FILE");
  bool no_dotenv = false;
  app.add_flag("--no-dotenv", no_dotenv, "Do not read ./.env (or --env-file).");
  // `pgdrift check -v` as well as `pgdrift -v check`: subcommands (made after this)
  // hand options they do not know to the top level.
  app.fallthrough();
  app.footer(
      "Exit status: 0 clean, 1 findings, 2 trouble. Run 'pgdrift COMMAND --help' for a command's "
      "options.");

  // The one table of commands: name -> runner.
  std::map<std::string, cli::CommandRunner> commands;
  commands["snapshot"] = cli::add_snapshot_command(app);
  commands["baseline"] = cli::add_baseline_command(app);
  commands["check"] = cli::add_check_command(app);
  commands["diff"] = cli::add_diff_command(app);
  commands["plan"] = cli::add_plan_command(app);
  commands["adopt"] = cli::add_adopt_command(app);
  commands["revert"] = cli::add_revert_command(app);
  commands["history"] = cli::add_history_command(app);
  commands["status"] = cli::add_status_command(app);
  commands["gate"] = cli::add_gate_command(app);
  commands["init"] = cli::add_init_command(app);
  commands["new"] = cli::add_new_command(app);
  commands["validate"] = cli::add_validate_command(app);
  commands["apply"] = cli::add_apply_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      // Through write_stdout, so that a write that fails (>/dev/full) says why: the help
      // is longer than stdio's buffer, and a failure inside CLI11's own printing would
      // leave only a stream's error flag behind.
      std::ostringstream help;
      app.exit(e, help, help);
      try {
        cli::write_stdout(help.str());
        cli::finish_stdout();
      } catch (const Error& error) {
        std::fprintf(stderr, "pgdrift: error: %s\n", error.what());
        return cli::kExitTrouble;
      } catch (const cli::ReaderGone&) {
        return cli::kExitTrouble;
      }
      return 0;
    }
    std::fprintf(stderr, "pgdrift: error: %s\n", cli::usage_error_line(app, e, argc, argv).c_str());
    return cli::kExitTrouble;
  }

  cli::StderrLog log(verbose);
  cli::set_before_stdout([&log] { log.clear_progress(); });
  for (const auto* sub : app.get_subcommands()) {
    try {
      // (The progress line goes before the first output, and at the end with the log.)
      const int code = commands.at(sub->get_name())(log);
      cli::finish_stdout();
      return code;
    } catch (const cli::ReaderGone&) {
      return cli::kExitTrouble;
    } catch (const Error& e) {
      log.clear_progress();
      // Library errors never carry passwords: pg/ removes them where connection strings
      // are handled. A server's message may span lines; the error is one.
      std::string message = e.what();
      std::replace(message.begin(), message.end(), '\n', ' ');
      std::fprintf(stderr, "pgdrift: error: %s\n", message.c_str());
      return cli::kExitTrouble;
    } catch (const std::exception& e) {
      log.clear_progress();
      std::fprintf(stderr, "pgdrift: internal error: %s\n", e.what());
      return cli::kExitTrouble;
    }
  }
  return cli::kExitTrouble;
}
