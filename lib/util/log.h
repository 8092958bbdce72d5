// util/log.h — where the library's progress and warnings go.
//
// The library never prints. Commands receive a Log and report through it; the front
// end decides what reaches the terminal (warnings always, progress with --verbose), and
// tests can collect the lines.
#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace pgdrift {

class Log {
 public:
  virtual ~Log() = default;
  /// Progress, e.g. "reading indexes". Shown with --verbose.
  virtual void info(const std::string& line) = 0;
  /// Something the user must know about; the command still succeeds.
  virtual void warn(const std::string& line) = 0;
};

/// Discards everything.
class NullLog final : public Log {
 public:
  void info(const std::string&) override {}
  void warn(const std::string&) override {}
};

/// Keeps every line, for tests and for commands that summarise at the end.
class CollectingLog final : public Log {
 public:
  void info(const std::string& line) override { infos.push_back(line); }
  void warn(const std::string& line) override { warnings.push_back(line); }
  std::vector<std::string> infos;
  std::vector<std::string> warnings;
};

/// Forwards to another Log one line at a time, for work done on several threads.
class SynchronizedLog final : public Log {
 public:
  explicit SynchronizedLog(Log& log) : log_(log) {}
  void info(const std::string& line) override {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.info(line);
  }
  void warn(const std::string& line) override {
    std::lock_guard<std::mutex> lock(mutex_);
    log_.warn(line);
  }

 private:
  Log& log_;
  std::mutex mutex_;
};

}  // namespace pgdrift
