// tools/pgdrift/standard_output.h — standard output that never loses text in silence.
//
// A command's result is its standard output: a full disk (`>/dev/full`) or a closed
// descriptor (`>&-`) must be trouble (exit 2), not a quiet success (issue 17). A reader
// that closes the pipe early (`| head -1`) ends the process through SIGPIPE, quietly, as
// for any Unix filter.
#pragma once

#include <functional>
#include <string_view>

namespace pgdrift::cli {

/// Call first in main(): descriptors 0, 1 and 2 that are closed are opened again (on
/// /dev/null; standard output on /dev/full), so no file pgdrift opens later can take
/// their number and receive its output; writing to a closed standard output is an error.
void guard_standard_streams();

/// Thrown when the reader of a pipe went away while SIGPIPE was ignored (inherited from
/// whoever started pgdrift): trouble, but nobody is left to read a message.
struct ReaderGone {};

/// Called before anything is written to standard output (the progress line on a terminal
/// is taken away first, so the output starts a clean line); none by default.
void set_before_stdout(std::function<void()> hook);

/// Writes \a text to standard output and flushes it. Throws Error(kIo) with one sentence
/// when it cannot be written (or standard output was closed), ReaderGone on EPIPE.
void write_stdout(std::string_view text);

/// Flushes standard output; throws as write_stdout does when anything written to it
/// since the last flush was lost.
void finish_stdout();

}  // namespace pgdrift::cli
