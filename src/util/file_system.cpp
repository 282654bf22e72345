#include "util/file_system.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace scopegate::util {

namespace {
std::string errno_text() { return std::strerror(errno); }

bool write_all(int fd, std::string_view contents) {
  while (!contents.empty()) {
    const ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// Writes and closes `fd`, reporting the first failure.
bool finish(int fd, std::string_view contents, std::string* error) {
  const bool written = write_all(fd, contents);
  if (!written) *error = errno_text();
  if (::close(fd) != 0 && written) {
    *error = errno_text();
    return false;
  }
  return written;
}

bool write_with_flags(const std::string& path, std::string_view contents, int flags,
                      std::string* error) {
  const int fd = ::open(path.c_str(), flags | O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = errno_text();
    return false;
  }
  return finish(fd, contents, error);
}

std::string directory_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

bool path_exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// The closest directory above `directory` (or itself) that exists.
std::string nearest_existing(std::string directory) {
  while (!path_exists(directory) && directory != "." && directory != "/") directory = directory_of(directory);
  return directory;
}

// mkdir -p for the directories above `path`, as CI reporters do for
// `-o reports/scopegate.json`: each missing one, from the top, 0755.
bool create_parent_directories(const std::string& path, std::string* error) {
  const std::string directory = directory_of(path);
  if (path_exists(directory)) return true;
  if (!create_parent_directories(directory, error)) return false;
  if (::mkdir(directory.c_str(), 0755) != 0 && errno != EEXIST) {
    *error = "cannot create directory " + directory + ": " + errno_text();
    return false;
  }
  return true;
}

// A directory other users may create files in, such as /tmp.
bool others_can_write(const std::string& directory) {
  struct stat info {};
  return ::stat(directory.c_str(), &info) == 0 && (info.st_mode & S_IWOTH) != 0;
}

// Why `info` (of an existing path in a directory others can write to) must
// not be written: someone else may have planted it there. "" when it may.
constexpr const char* kPlantedLink = "is a symbolic link in a directory others can write to; not following it";

std::string planted_refusal(const struct stat& info) {
  if (S_ISLNK(info.st_mode)) return kPlantedLink;
  if (info.st_uid != ::geteuid()) return "belongs to another user, in a directory others can write to; not writing it";
  if (!S_ISREG(info.st_mode)) return "is not a regular file, in a directory others can write to; not writing it";
  return {};
}
}  // namespace

FileSystem::Status RealFileSystem::read_file(const std::string& path, std::size_t max_bytes,
                                             std::string* contents, std::string* error) const {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = errno_text();
    return errno == ENOENT ? Status::kNotFound : Status::kOtherError;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || S_ISDIR(info.st_mode)) {
    *error = S_ISDIR(info.st_mode) ? "is a directory" : errno_text();
    ::close(fd);
    return Status::kOtherError;
  }
  contents->clear();
  if (S_ISREG(info.st_mode) && static_cast<std::size_t>(info.st_size) <= max_bytes)
    contents->reserve(static_cast<std::size_t>(info.st_size));
  char buffer[64 * 1024];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      *error = errno_text();
      ::close(fd);
      return Status::kOtherError;
    }
    if (got == 0) break;
    if (contents->size() + static_cast<std::size_t>(got) > max_bytes) {
      *error = "larger than " + std::to_string(max_bytes) + " bytes";
      ::close(fd);
      return Status::kTooLarge;
    }
    contents->append(buffer, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return Status::kOkay;
}

bool RealFileSystem::write_file(const std::string& path, std::string_view contents, Mode mode,
                                std::string* error) {
  if (!create_parent_directories(path, error)) return false;
  // In a shared directory: no symlink followed, and no blocking on a FIFO
  // planted there (O_NONBLOCK); what was opened is checked before a byte changes.
  const bool shared_directory = others_can_write(directory_of(path));
  const int fd = ::open(path.c_str(),
                        O_WRONLY | O_CREAT | O_CLOEXEC | (shared_directory ? O_NOFOLLOW | O_NONBLOCK : 0),
                        mode == Mode::kPrivate ? 0600 : 0644);
  if (fd < 0) {
    *error = errno == ELOOP ? kPlantedLink : errno == ENXIO ? "is a FIFO no one reads" : errno_text();
    return false;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    *error = errno_text();
    ::close(fd);
    return false;
  }
  if (const std::string refusal = shared_directory ? planted_refusal(info) : ""; !refusal.empty()) {
    *error = refusal;
    ::close(fd);
    return false;
  }
  // Emptied only now, after the checks (O_TRUNC would have emptied it first),
  // and private even if it existed; a pipe or a device (-o /dev/stdout) has
  // nothing to empty.
  if (S_ISREG(info.st_mode) &&
      (::ftruncate(fd, 0) != 0 || (mode == Mode::kPrivate && info.st_uid == ::geteuid() && ::fchmod(fd, 0600) != 0))) {
    *error = errno_text();
    ::close(fd);
    return false;
  }
  return finish(fd, contents, error);
}

bool RealFileSystem::create_unique_file(const std::string& directory, const std::string& prefix,
                                        const std::string& suffix, std::string_view contents, std::string* path,
                                        std::string* error) {
  std::string name = directory + "/" + prefix + "XXXXXX" + suffix;
  // mkstemps: O_CREAT | O_EXCL with mode 0600, and a name found by retrying.
  const int fd = ::mkostemps(name.data(), static_cast<int>(suffix.size()), O_CLOEXEC);
  if (fd < 0) {
    *error = "cannot create a file in " + directory + ": " + errno_text();
    return false;
  }
  *path = name;
  return finish(fd, contents, error);
}

bool RealFileSystem::append_file(const std::string& path, std::string_view contents,
                                 std::string* error) {
  return write_with_flags(path, contents, O_APPEND, error);
}

bool RealFileSystem::exists(const std::string& path) const { return path_exists(path); }

bool RealFileSystem::check_writable(const std::string& path, std::string* error) const {
  struct stat info {};
  // What write_file would refuse in a shared directory, found before anything is asked.
  if (others_can_write(directory_of(path)) && ::lstat(path.c_str(), &info) == 0) {
    *error = planted_refusal(info);
    if (!error->empty()) return false;
  }
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      *error = "is a directory";
      return false;
    }
    if (S_ISREG(info.st_mode)) {
      // Opened for writing without O_TRUNC: the file stays as it is.
      const int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
      if (fd < 0) {
        *error = errno_text();
        return false;
      }
      ::close(fd);
      return true;
    }
    // A device or a pipe (/dev/stdout, a FIFO): opening one could block.
    if (::access(path.c_str(), W_OK) != 0) {
      *error = errno_text();
      return false;
    }
    return true;
  }
  if (errno != ENOENT) {
    *error = errno_text();
    return false;
  }
  // Missing directories above it are created by write_file.
  return check_writable_directory(nearest_existing(directory_of(path)), error);
}

bool RealFileSystem::check_writable_directory(const std::string& directory, std::string* error) const {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) {
    *error = "directory " + directory + ": " + errno_text();
    return false;
  }
  if (!S_ISDIR(info.st_mode)) {
    *error = directory + " is not a directory";
    return false;
  }
  // access() also says EROFS for a read-only file system, even to root.
  if (::access(directory.c_str(), W_OK | X_OK) != 0) {
    *error = "directory " + directory + ": " + errno_text();
    return false;
  }
  return true;
}

std::string RealFileSystem::current_directory() const {
  std::error_code error;
  const std::filesystem::path path = std::filesystem::current_path(error);
  return error ? std::string() : path.string();
}

}  // namespace scopegate::util
