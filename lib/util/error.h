// util/error.h — the one error type of the pgdrift library.
//
// Library code throws pgdrift::Error; only the command-line front end catches it,
// prints its message as one sentence and exits with code 2. Each layer may add
// context ("reading indexes: ...") with add_context(). Depends on nothing but std.
#pragma once

#include <stdexcept>
#include <string>

namespace pgdrift {

/// What kind of trouble an Error reports; the front end uses it for wording and tests.
enum class ErrorCategory {
  kUsage,        ///< bad command-line usage or option value
  kConnection,   ///< cannot reach, authenticate to, or keep talking to the server
  kQuery,        ///< the server rejected a statement (carries a SQLSTATE)
  kInput,        ///< a file or value given to pgdrift is malformed
  kIo,           ///< reading or writing a local file failed
  kUnsupported,  ///< the server or an object is outside what pgdrift supports
  kInternal,     ///< a broken invariant inside pgdrift
  kInterrupted,  ///< Ctrl-C or SIGTERM stopped the work (what was undone is in the message)
};

/// An error with a category, an optional SQLSTATE and a message made of context
/// prefixes followed by the original cause.
class Error : public std::runtime_error {
 public:
  Error(ErrorCategory category, const std::string& message, std::string sqlstate = {})
      : std::runtime_error(message), category_(category), sqlstate_(std::move(sqlstate)) {}

  ErrorCategory category() const { return category_; }
  /// Five-character SQLSTATE for kQuery/kConnection errors reported by the server, else "".
  const std::string& sqlstate() const { return sqlstate_; }

  /// Returns a copy whose message is "<context>: <message>".
  [[nodiscard]] Error with_context(const std::string& context) const {
    return Error(category_, context + ": " + what(), sqlstate_);
  }

 private:
  ErrorCategory category_;
  std::string sqlstate_;
};

/// Runs \a fn; an Error escaping it is rethrown with \a context prepended.
template <typename Fn>
auto with_context(const std::string& context, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error& e) {
    throw e.with_context(context);
  }
}

}  // namespace pgdrift
