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
#include "indicators/yaml_reader.h"  // CheckEncoding, PrecheckYaml: the reader both use

namespace jixiao {

struct LoadResult {
  // Set whenever the text was a YAML mapping, so that checks can go on collecting problems; it
  // is complete and fit for scoring only when ok().
  std::optional<ProjectFile> file;
  Diagnostics diagnostics;

  bool ok() const { return file.has_value() && !HasErrors(diagnostics); }
};

// Whether a definition's load errors, if any, left its model whole: the only such error is a
// duplicated indicator (kept under a suffixed key), so checks and audits that run on the whole
// model may still run; any other error dropped part of it (a missing indicator would show up
// again as weights that do not add up).
bool ModelComplete(const Diagnostics& load_diagnostics);

// Parses the text of one definition; `filename` is used in locations only.
LoadResult LoadProjectText(std::string_view text, const std::string& filename);

// Reads and parses one file. A file that cannot be read is a diagnostic too (code "io").
LoadResult LoadProjectFile(const std::filesystem::path& path);

// Expands command-line paths: a file stays as is; a folder gives its *.yaml and *.yml files,
// sorted, recursively, except unit.yaml (a unit's settings, engine/batch/unit.h). A path that does
// not exist is an IoError.
std::vector<std::filesystem::path> ExpandPaths(const std::vector<std::string>& paths);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_LOADER_H_
