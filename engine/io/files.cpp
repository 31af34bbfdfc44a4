#include "engine/io/files.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "indicators/i18n.h"

namespace jixiao {
namespace {

namespace fs = std::filesystem;

// Refuses a target that exists and is not a regular file; a missing target is fine.
void CheckTarget(const fs::path& target) {
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return;
    throw FileWriteError(target, ErrnoText(errno));
  }
  if (S_ISREG(st.st_mode)) return;
  const char* why =
      S_ISLNK(st.st_mode)
          ? N_("it is a symbolic link, which jixiao does not replace: remove it or write elsewhere")
      : S_ISDIR(st.st_mode)
          ? N_("it is a folder, which jixiao does not replace: remove it or write elsewhere")
      : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)
          ? N_("it is a device, which jixiao does not replace: remove it or write elsewhere")
      : S_ISFIFO(st.st_mode)
          ? N_("it is a pipe, which jixiao does not replace: remove it or write elsewhere")
          : N_("it is not a regular file, which jixiao does not replace: remove it or write "
               "elsewhere");
  throw FileWriteError(target, Tr(why));
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
      throw FileWriteError(target, ErrnoText(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SyncAndClose(int fd, const fs::path& target) {
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    throw FileWriteError(target, ErrnoText(err));
  }
  if (::close(fd) != 0) throw FileWriteError(target, ErrnoText(errno));
}

// Renames `tmp` over `target` and makes the rename durable (the folder is fsync'd, best effort).
void Publish(const fs::path& tmp, const fs::path& target) {
  CheckTarget(target);
  if (::rename(tmp.c_str(), target.c_str()) != 0) throw FileWriteError(target, ErrnoText(errno));
  const int dir = ::open(Folder(target).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

}  // namespace

std::string ErrnoText(int err) {
  // The C library's texts are English without an installed Chinese locale: the errors a user
  // meets when reading or writing files are translated here (msgid: glibc's English text, so
  // that English output is as strerror writes it).
  switch (err) {
    case ENOENT:
      return Tr("No such file or directory");
    case EACCES:
      return Tr("Permission denied");
    case EPERM:
      return Tr("Operation not permitted");
    case EROFS:
      return Tr("Read-only file system");
    case ENOSPC:
      return Tr("No space left on device");
    case EDQUOT:
      return Tr("Disk quota exceeded");
    case EISDIR:
      return Tr("Is a directory");
    case ENOTDIR:
      return Tr("Not a directory");
    case ENAMETOOLONG:
      return Tr("File name too long");
    case EEXIST:
      return Tr("File exists");
    case EIO:
      return Tr("Input/output error");
    default:
      return std::strerror(err);
  }
}

FileWriteError::FileWriteError(std::filesystem::path path, const std::string& why)
    : IoError(TrF("cannot write {}: {}", path.string(), why)), path_(std::move(path)) {}

void WriteFileAtomically(const fs::path& target, std::string_view bytes) {
  CheckTarget(target);
  fs::path tmp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    tmp = TempName(target);
    fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno != EEXIST) throw FileWriteError(target, ErrnoText(errno));
  }
  if (fd < 0) throw FileWriteError(target, Tr("no free temporary name beside it"));
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
  if (::mkdtemp(pattern.data()) == nullptr) throw FileWriteError(target, ErrnoText(errno));
  const fs::path dir = pattern;
  const fs::path file = dir / target.filename();
  try {
    produce(file);
    const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) throw FileWriteError(target, ErrnoText(errno));
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
