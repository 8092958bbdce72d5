// util/atomic_file.h — files that appear whole or not at all.
//
// Output files (snapshots, baselines, reports) are written to a temporary name in the
// same directory, flushed to disk and renamed over the target, so a crash or an error
// leaves either the old file or the new one, never a half-written one.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pgdrift {

/// Writes \a content to \a path atomically. Throws Error(kIo) naming the path when the
/// directory does not exist or the write fails; no temporary file is left behind.
void write_file_atomically(const std::string& path, std::string_view content);

/// Writes each (path, content) of \a files atomically, all or none: each is written and
/// flushed under a temporary name first, then all are renamed into place with SIGINT,
/// SIGTERM and SIGHUP held back meanwhile. When one fails, the others are not left
/// behind (those renamed already are removed) and the error propagates.
void write_files_atomically(const std::vector<std::pair<std::string, std::string>>& files);

/// Async-signal-safe: whether write_files_atomically has put files in place in this
/// process (an interrupt held back meanwhile arrives after; it must not say that nothing
/// was written).
bool files_published() noexcept;

/// Receives a document in pieces, in order.
using TextSink = std::function<void(std::string_view)>;

/// Writes what \a produce hands to its sink, piece by piece, to \a path atomically (as
/// above), so a large document never has to be held whole in memory. When \a produce
/// throws, the target is left as it was and the exception propagates.
void write_file_atomically(const std::string& path,
                           const std::function<void(const TextSink&)>& produce);

/// Reads a whole file. Throws Error(kIo) naming the path when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace pgdrift
