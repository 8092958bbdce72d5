#include "shadow/image.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "util/atomic_file.h"
#include "util/error.h"
#include "util/sha256.h"
#include "util/subprocess.h"

namespace pgdrift::shadow {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSignature = "pgdrift shadow image 1";

std::string manifest_path(const std::string& image_dir) {
  return image_dir + "/manifest";
}
std::string image_data(const std::string& image_dir) {
  return image_dir + "/data";
}
std::string read_base_path(const std::string& image_dir) {
  return image_dir + "/read-base";
}

// The cluster's control file changes at every start, checkpoint and shutdown: equal bytes
// mean nobody has run the cluster since it was kept.
std::string control_digest(const std::string& data_dir) {
  return sha256_hex(read_file(data_dir + "/global/pg_control"));
}

// Serialises runs that take or keep the same image (two checks of one database at once).
class ImageLock {
 public:
  explicit ImageLock(const std::string& image_dir) {
    fd_ = open((image_dir + "/lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ >= 0 && flock(fd_, LOCK_EX) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~ImageLock() {
    if (fd_ >= 0) close(fd_);  // releases the lock
  }
  bool held() const { return fd_ >= 0; }
  ImageLock(const ImageLock&) = delete;
  ImageLock& operator=(const ImageLock&) = delete;

 private:
  int fd_ = -1;
};

// A rename when both are on one file system, else a copy that keeps owners and modes (the
// server refuses a data directory that is not its user's) and then a removal.
void move_directory(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) == 0) return;
  const int err = errno;
  if (err != EXDEV) {
    throw Error(ErrorCategory::kIo, "cannot move " + from + " to " + to + ": " + strerror(err));
  }
  const auto copy = run_process({"cp", "-a", "--", from, to});
  if (copy.exit_code != 0) {
    std::error_code ignored;
    fs::remove_all(to, ignored);
    throw Error(ErrorCategory::kIo, "cannot copy " + from + " to " + to + ": " +
                                        copy.err.substr(0, copy.err.find('\n')));
  }
  std::error_code ignored;
  fs::remove_all(from, ignored);
}

std::string manifest_text(const ImageContents& contents, const std::string& control) {
  std::string text = std::string(kSignature) + "\ncontrol " + control + "\ndatabase " +
                     contents.database + "\nenvironment " + contents.environment + "\n";
  for (const auto& step : contents.steps) text += "step " + step + "\n";
  if (!contents.read_base.empty()) text += "read-base " + sha256_hex(contents.read_base) + "\n";
  return text + "end\n";
}

struct Manifest {
  ImageContents contents;
  std::string control;
  std::string read_base_digest;  ///< "" when the image has no read base
};

// nullopt for anything but a whole manifest of this format.
std::optional<Manifest> parse_manifest(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kSignature) return std::nullopt;
  Manifest manifest;
  ImageContents& contents = manifest.contents;
  std::string& control = manifest.control;
  bool ended = false;
  while (std::getline(in, line)) {
    const auto space = line.find(' ');
    const std::string key = line.substr(0, space);
    const std::string value = space == std::string::npos ? "" : line.substr(space + 1);
    if (key == "control") {
      control = value;
    } else if (key == "database") {
      contents.database = value;
    } else if (key == "environment") {
      contents.environment = value;
    } else if (key == "step") {
      contents.steps.push_back(value);
    } else if (key == "read-base") {
      manifest.read_base_digest = value;
    } else if (key == "end" && value.empty()) {
      ended = true;
    } else {
      return std::nullopt;
    }
  }
  if (!ended || control.empty() || contents.database.empty()) return std::nullopt;
  return manifest;
}

}  // namespace

bool image_fits(const ImageContents& image, const ImageContents& wanted) {
  return image.environment == wanted.environment && image.steps.size() <= wanted.steps.size() &&
         std::equal(image.steps.begin(), image.steps.end(), wanted.steps.begin());
}

std::optional<ImageContents> take_image(const std::string& image_dir, const std::string& data_dir,
                                        const ImageContents& wanted, Log& log) {
  std::error_code ec;
  if (!fs::is_directory(image_dir, ec)) return std::nullopt;
  ImageLock lock(image_dir);
  if (!lock.held()) {
    log.warn("cannot lock the shadow image in " + image_dir + "; replaying the whole history");
    return std::nullopt;
  }
  const std::string manifest = manifest_path(image_dir);
  const std::string data = image_data(image_dir);
  auto discard = [&](const std::string& why) -> std::optional<ImageContents> {
    log.warn("the shadow image in " + image_dir + " " + why +
             "; replaying the whole history and keeping a new image");
    std::error_code ignored;
    fs::remove(manifest, ignored);
    fs::remove(read_base_path(image_dir), ignored);
    fs::remove_all(data, ignored);
    return std::nullopt;
  };
  if (!fs::exists(manifest, ec)) {
    // A data directory without a manifest is the remains of a run that died using it.
    if (fs::exists(data, ec)) fs::remove_all(data, ec);
    return std::nullopt;
  }
  std::string text;
  try {
    text = read_file(manifest);
  } catch (const Error&) {
    return discard("cannot be read");
  }
  // From here the image is in use: a run that dies now leaves no manifest behind.
  fs::remove(manifest, ec);
  auto parsed = parse_manifest(text);
  if (!parsed) return discard("has a damaged manifest");
  ImageContents& image = parsed->contents;
  if (image.environment != wanted.environment) {
    log.info(
        "shadow: the kept image was made for other roles, database settings or "
        "pgdrift version; replaying the whole history");
    fs::remove(read_base_path(image_dir), ec);
    fs::remove_all(data, ec);
    return std::nullopt;
  }
  if (!image_fits(image, wanted)) {
    log.info(
        "shadow: the kept image holds files that are no longer the first of this "
        "history (one was edited, removed or inserted before others); replaying the "
        "whole history");
    fs::remove(read_base_path(image_dir), ec);
    fs::remove_all(data, ec);
    return std::nullopt;
  }
  try {
    if (control_digest(data) != parsed->control) {
      return discard("was changed after it was kept (its cluster has been started since)");
    }
    move_directory(data, data_dir);
  } catch (const Error& e) {
    return discard(std::string("cannot be used (") + e.what() + ")");
  }
  // The read base is an accelerator: one that is missing or not the one the manifest
  // vouches for is left out, and the image is still used.
  if (!parsed->read_base_digest.empty()) {
    try {
      image.read_base = read_file(read_base_path(image_dir));
    } catch (const Error&) {
    }
    if (sha256_hex(image.read_base) != parsed->read_base_digest) {
      log.info("shadow: the kept image's read base is missing or changed; reading it whole");
      image.read_base.clear();
    }
  }
  fs::remove(read_base_path(image_dir), ec);
  return image;
}

void keep_image(const std::string& data_dir, const std::string& image_dir,
                const ImageContents& contents) {
  std::error_code ec;
  fs::create_directories(image_dir, ec);
  if (ec) {
    throw Error(ErrorCategory::kIo, "cannot create " + image_dir + ": " + ec.message());
  }
  fs::permissions(image_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  ImageLock lock(image_dir);
  if (!lock.held()) throw Error(ErrorCategory::kIo, "cannot lock " + image_dir + "/lock");
  const std::string data = image_data(image_dir);
  fs::remove(manifest_path(image_dir), ec);
  fs::remove(read_base_path(image_dir), ec);
  fs::remove_all(data, ec);
  try {
    move_directory(data_dir, data);
    // The server ran without fsync: make the pages durable before the manifest vouches
    // for them, or a power cut could leave a manifest over zeroed pages (which page
    // checksums accept as new).
    const int fd = open(data.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    const bool synced = fd >= 0 && syncfs(fd) == 0;
    if (fd >= 0) close(fd);
    if (!synced) throw Error(ErrorCategory::kIo, "cannot flush " + data + " to disk");
    if (!contents.read_base.empty()) {
      write_file_atomically(read_base_path(image_dir), contents.read_base);
    }
    write_file_atomically(manifest_path(image_dir), manifest_text(contents, control_digest(data)));
  } catch (const Error&) {
    // Nothing is left: no half image, and no folders this run made for it.
    fs::remove(manifest_path(image_dir), ec);
    fs::remove(read_base_path(image_dir), ec);
    fs::remove_all(data, ec);
    fs::remove(image_dir + "/lock", ec);
    fs::remove(image_dir, ec);
    fs::remove(fs::path(image_dir).parent_path(), ec);  // only when empty
    throw;
  }
}

}  // namespace pgdrift::shadow
