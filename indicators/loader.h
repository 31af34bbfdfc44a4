// indicators/loader.h — reading project definitions from YAML (the schema: config/example.yaml).
//
// Contract: loading never throws on bad user input. It returns every diagnostic of the file
// (YAML syntax, encoding, schema, unknown level names, unreadable values, duplicate indicators),
// each located at file:line:column, and the ProjectFile as far as it could be read. Checks that
// need a scoring policy (weights against caps, unit compatibility of actuals, bands) live in
// scoring/.
#ifndef JIXIAO_INDICATORS_LOADER_H_
#define JIXIAO_INDICATORS_LOADER_H_

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/diagnostics.h"
#include "indicators/project.h"

namespace jixiao {

struct LoadResult {
  // Set whenever the text was a YAML mapping, so that checks can go on collecting problems; it
  // is complete and fit for scoring only when ok().
  std::optional<ProjectFile> file;
  Diagnostics diagnostics;

  bool ok() const { return file.has_value() && !HasErrors(diagnostics); }
};

// Parses the text of one definition; `filename` is used in locations only.
LoadResult LoadProjectText(std::string_view text, const std::string& filename);

// Reads and parses one file. A file that cannot be read is a diagnostic too (code "io").
LoadResult LoadProjectFile(const std::filesystem::path& path);

// Checks that text is UTF-8, naming the likely encoding when it is not (GBK/GB18030, UTF-16).
// Strips a UTF-8 byte-order mark. Returns "" when fine, else the message, and sets *line to the
// first line that is not UTF-8 (0 when the whole file is, e.g. UTF-16); `text` is updated.
std::string CheckEncoding(std::string& text, int* line);

// The location of a YAML parser mark (0-based line and byte column, byte offset `pos` into
// `text`) as people count it: 1-based, columns in characters. Shared by every YAML reader.
SourceLoc LocateMark(const std::string& file, std::string_view text, int line, int column, int pos);

// The checks every YAML file of jixiao gets before it is parsed, in order, stopping at the first
// that fails: size (more than max_bytes: "too-large"), encoding (CheckEncoding; a BOM is
// stripped from `text`), nothing but white space ("empty-file"), tabs in indentation ("yaml-tab",
// every line), [ and { nested more than 64 deep ("too-deep"). Used by the project loader (1 MiB)
// and the policy reader.
Diagnostics PrecheckYaml(std::string& text, const std::string& filename, std::size_t max_bytes);

// A file over `max_bytes`, refused before it is copied or parsed: "file is N bytes; a `kind` file
// may have at most M bytes (1 MiB)" [too-large]; nothing when it fits.
std::optional<Diagnostic> TooLarge(std::size_t size, std::size_t max_bytes,
                                   const std::string& filename, std::string_view kind);

// Whether `text` may hold what sends yaml-cpp 0.7's parser into an endless loop: a ',' outside
// flow collections (found by fuzz_loader). PrecheckYaml then runs its guard, a second parse with
// an event budget. False only when the text's comments, quoted scalars and [ ] { } are followed
// exactly and every ',' is inside a flow collection; anything else answers true.
bool MayRunAway(std::string_view text);

// Expands command-line paths: a file stays as is; a folder gives its *.yaml and *.yml files,
// sorted, recursively. A path that does not exist is an IoError.
std::vector<std::filesystem::path> ExpandPaths(const std::vector<std::string>& paths);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_LOADER_H_
