#include "app/output_file.h"

#include <filesystem>

#include "util/error.h"

namespace pgdrift::app {
namespace {

template <typename Content>
void write_naming_option(const std::string& path, const Content& content,
                         const std::string& option) {
  try {
    write_file_atomically(path, content);
  } catch (const Error& e) {
    const auto folder = std::filesystem::path(path).parent_path();
    std::error_code ec;
    if (e.category() != ErrorCategory::kIo || folder.empty() ||
        std::filesystem::exists(folder, ec)) {
      throw;
    }
    throw Error(ErrorCategory::kIo,
                std::string(e.what()) + "; create it, or name another file with " + option);
  }
}

}  // namespace

void write_named_file(const std::string& path, std::string_view content,
                      const std::string& option) {
  write_naming_option(path, content, option);
}

void write_named_file(const std::string& path, const std::function<void(const TextSink&)>& produce,
                      const std::string& option) {
  write_naming_option(path, produce, option);
}

}  // namespace pgdrift::app
