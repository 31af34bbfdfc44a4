// engine/io/files.h — the one way jixiao writes a file: whole or not at all, and never through a
// link or into a device someone planted.
//
// Contract:
//  * The content goes to a temporary file created exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, a random
//    name) in the target's folder, is written in full, fsync'd and closed, then renamed over the
//    target. A failure at any step removes the temporary file and leaves the target as it was.
//  * A target that exists and is not a regular file (a symbolic link, a device, a folder, a pipe)
//    is refused: the file is not written.
//  * Every failure throws FileWriteError, which names the path and the reason.
#ifndef JIXIAO_ENGINE_IO_FILES_H_
#define JIXIAO_ENGINE_IO_FILES_H_

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "indicators/diagnostics.h"

namespace jixiao {

class FileWriteError : public IoError {
 public:
  FileWriteError(std::filesystem::path path, const std::string& why);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The reason of a failed system call (errno) in the interface's language: the common file errors
// translated, any other the C library's text.
std::string ErrnoText(int err);

// Writes `bytes` to `target` atomically (see the contract above).
void WriteFileAtomically(const std::filesystem::path& target, std::string_view bytes);

// For a library that writes only to a file name it opens itself (libxlsxwriter): `produce` writes
// the content to the path it is given, a fresh name inside a private folder (mode 0700, created
// exclusively beside the target); the file is then fsync'd and renamed over the target. An
// exception from `produce` propagates after the temporary files are removed.
void WriteFileAtomicallyVia(const std::filesystem::path& target,
                            const std::function<void(const std::filesystem::path&)>& produce);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_FILES_H_
