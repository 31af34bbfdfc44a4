// The jixiao executable: everything lives in the engine library (engine/cli/app.h). What main adds
// is the last check of the output: a short write or a failed flush or close of standard output (a
// full disk, a closed pipe) is an error, never a silent exit 0 with half a document.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include "engine/cli/app.h"

int main(int argc, char** argv) {
  int rc = jixiao::RunCli(argc, argv, std::cout, std::cerr);
  // RunCli has said so when the stream failed; what is left is the C library's buffer and close.
  const bool reported = !std::cout;
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0 || std::ferror(stdout);
  const int flush_errno = errno;
  const bool close_failed = std::fclose(stdout) != 0;
  if (!reported && (flush_failed || close_failed)) {
    const int err = flush_errno ? flush_errno : errno;
    std::cerr << "jixiao: cannot write the output to standard output"
              << (err ? std::string(": ") + std::strerror(err) : std::string())
              << " (is the disk full, or the reader gone?)\n";
    if (rc == 0) rc = 1;
  }
  if (reported && rc == 0) rc = 1;
  return rc;
}
