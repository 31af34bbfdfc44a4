#include "engine/io/files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace jixiao {
namespace {

namespace fs = std::filesystem;

std::string Why(int err) { return std::strerror(err); }

// Refuses a target that exists and is not a regular file; a missing target is fine.
void CheckTarget(const fs::path& target) {
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw FileWriteError(target, Why(errno));
  }
  if (S_ISREG(st.st_mode)) return;
  const char* what = S_ISLNK(st.st_mode)                          ? "a symbolic link"
                     : S_ISDIR(st.st_mode)                        ? "a folder"
                     : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                     : S_ISFIFO(st.st_mode)                       ? "a pipe"
                                                                  : "not a regular file";
  throw FileWriteError(target, std::string("it is ") + what +
                                   ", which jixiao does not replace: remove it or write elsewhere");
}

// A random suffix: 16 hex digits from the kernel's generator.
std::string RandomSuffix() {
  unsigned char b[8];
  ssize_t got = ::getrandom(b, sizeof b, 0);
  if (got != static_cast<ssize_t>(sizeof b)) {
    // Never expected on Linux; the name stays unique enough with the pid and a counter, and
    // O_EXCL keeps it safe.
    static unsigned counter = 0;
    const unsigned long long v = (static_cast<unsigned long long>(::getpid()) << 32) | ++counter;
    std::memcpy(b, &v, sizeof b);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (unsigned char c : b) {
    s.push_back(kHex[c >> 4]);
    s.push_back(kHex[c & 15]);
  }
  return s;
}

fs::path TempName(const fs::path& target) {
  return target.parent_path() / ("." + target.filename().string() + ".tmp-" + RandomSuffix());
}

fs::path Folder(const fs::path& target) {
  return target.parent_path().empty() ? fs::path(".") : target.parent_path();
}

void WriteAll(int fd, std::string_view bytes, const fs::path& target) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw FileWriteError(target, Why(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SyncAndClose(int fd, const fs::path& target) {
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    throw FileWriteError(target, Why(err));
  }
  if (::close(fd) != 0) throw FileWriteError(target, Why(errno));
}

// Renames `tmp` over `target` and makes the rename durable (the folder is fsync'd, best effort).
void Publish(const fs::path& tmp, const fs::path& target) {
  CheckTarget(target);
  if (::rename(tmp.c_str(), target.c_str()) != 0) throw FileWriteError(target, Why(errno));
  const int dir = ::open(Folder(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

void WriteFileAtomically(const fs::path& target, std::string_view bytes) {
  CheckTarget(target);
  fs::path tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = TempName(target);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) throw FileWriteError(target, Why(errno));
  }
  if (fd < 0) throw FileWriteError(target, "no free temporary name beside it");
  try {
    try {
      WriteAll(fd, bytes, target);
    } catch (...) {
      ::close(fd);
      throw;
    }
    SyncAndClose(fd, target);
    Publish(tmp, target);
  } catch (...) {
    ::unlink(tmp.c_str());
    throw;
  }
}

void WriteFileAtomicallyVia(const fs::path& target,
                            const std::function<void(const fs::path&)>& produce) {
  CheckTarget(target);
  std::string pattern =
      (target.parent_path() / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw FileWriteError(target, Why(errno));
  const fs::path dir = pattern;
  const fs::path file = dir / target.filename();
  try {
    produce(file);
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) throw FileWriteError(target, Why(errno));
    SyncAndClose(fd, target);
    Publish(file, target);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(dir, ec);
    throw;
  }
  ::rmdir(dir.c_str());
}

}  // namespace jixiao
