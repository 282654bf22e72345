#pragma once
// File access behind an interface (after ninja's DiskInterface), so tests can
// run whole commands against an in-memory tree.
#include <cstddef>
#include <string>
#include <string_view>

namespace scopegate::util {

class FileSystem {
 public:
  enum class Status { kOkay, kNotFound, kTooLarge, kOtherError };
  // Who may read a file the tool creates: kPrivate (0600) for anything that
  // holds what a provider said (reports), kShared (0644) for the rest (a
  // starter manifest). An existing file keeps its mode.
  enum class Mode { kShared, kPrivate };

  virtual ~FileSystem() = default;
  // Reads the whole file unless it is larger than `max_bytes`.
  virtual Status read_file(const std::string& path, std::size_t max_bytes, std::string* contents,
                           std::string* error) const = 0;
  // Creates or replaces the file's contents, and creates the directories
  // above it that do not exist yet. In a directory others may write
  // to (/tmp), a symbolic link is never followed and a file of another user
  // never written: someone may have planted either there.
  virtual bool write_file(const std::string& path, std::string_view contents, Mode mode,
                          std::string* error) = 0;
  // Creates a new file, 0600, with a name no one else holds ("PREFIX" + six
  // random characters + "SUFFIX" in `directory`, O_EXCL); `path` receives it.
  virtual bool create_unique_file(const std::string& directory, const std::string& prefix,
                                  const std::string& suffix, std::string_view contents, std::string* path,
                                  std::string* error) = 0;
  // Appends, creating the file when needed.
  virtual bool append_file(const std::string& path, std::string_view contents,
                           std::string* error) = 0;
  virtual bool exists(const std::string& path) const = 0;
  // Whether write_file(path) could succeed, asked before anything is done:
  // an existing file must be writable (it is opened, never truncated), a new
  // one needs a writable directory: its own, or the closest existing one
  // above it. False with `error` otherwise.
  virtual bool check_writable(const std::string& path, std::string* error) const = 0;
  // Whether a new file could be created in `directory`.
  virtual bool check_writable_directory(const std::string& directory, std::string* error) const = 0;
  // The absolute path of the working directory relative paths start from;
  // "" when it cannot be known (deleted under us).
  virtual std::string current_directory() const = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  Status read_file(const std::string& path, std::size_t max_bytes, std::string* contents,
                   std::string* error) const override;
  bool write_file(const std::string& path, std::string_view contents, Mode mode, std::string* error) override;
  bool create_unique_file(const std::string& directory, const std::string& prefix, const std::string& suffix,
                          std::string_view contents, std::string* path, std::string* error) override;
  bool append_file(const std::string& path, std::string_view contents,
                   std::string* error) override;
  bool exists(const std::string& path) const override;
  bool check_writable(const std::string& path, std::string* error) const override;
  bool check_writable_directory(const std::string& directory, std::string* error) const override;
  std::string current_directory() const override;
};

}  // namespace scopegate::util
