// app/output_file.h — writing a file the user named with an option (-o, --junit).
#pragma once

#include <string>
#include <string_view>

#include "util/atomic_file.h"

namespace pgdrift::app {

/// write_file_atomically() for a file named with \a option: when it cannot be written
/// because its folder does not exist, the message says to create the folder or to name
/// another file with \a option.
void write_named_file(const std::string& path, std::string_view content, const std::string& option);
void write_named_file(const std::string& path, const std::function<void(const TextSink&)>& produce,
                      const std::string& option);

}  // namespace pgdrift::app
