// engine/batch/batch.h — a unit's projects, loaded and scored: what `score`, `report` and `audit`
// read.
//
// A Batch holds every project of the inputs with its policy and its score, in input order, and
// every problem that kept a file out (unreadable, invalid, unknown policy). Projects live in a
// deque so that the pointers a ProjectScore keeps into its ProjectFile stay valid.
#ifndef JIXIAO_ENGINE_BATCH_BATCH_H_
#define JIXIAO_ENGINE_BATCH_BATCH_H_

#include <spdlog/logger.h>

#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/batch/policies.h"
#include "indicators/loader.h"
#include "scoring/score.h"

namespace jixiao {

struct ScoredProject {
  std::filesystem::path path;      // the definition file (or a store reference)
  ProjectFile file;                // definition, results, published figures
  const Policy* policy = nullptr;  // owned by the PolicySet passed to LoadBatchAndScore
  ProjectScore score;              // points into `file`
  Diagnostics load_warnings;       // warnings and notes from loading (no errors)
};

// A file that could not be scored, and why.
struct RejectedFile {
  std::filesystem::path path;
  std::string name;         // the project's name when it was readable, else ""
  Diagnostics diagnostics;  // at least one error
};

struct Batch {
  std::deque<ScoredProject> projects;
  std::vector<RejectedFile> rejected;
  std::vector<std::filesystem::path> policy_files;  // policy files met among the inputs, skipped

  bool ok() const;  // no rejected file and every project scored
};

// How each project of a batch is scored (scoring/score.h: purpose, formulas).
using BatchOptions = ScoreOptions;

// Expands `paths` (folders give their *.yaml, policy files are set aside), loads each project
// file, finds its policy in `policies` and scores it. Never throws on bad content: every problem
// is in the result. Throws IoError for a path that does not exist.
Batch LoadBatchAndScore(const std::vector<std::string>& paths, PolicySet& policies,
                        spdlog::logger& log, const BatchOptions& options = {});

// Streaming: what a reader hands over, one project at a time, in input order, keeping nothing.
// A loaded project comes with its policy, not yet scored (score it where it will stay: the score
// points into the file); a project that cannot be scored comes as a RejectedFile.
using OnLoaded = std::function<void(std::filesystem::path path, ProjectFile&& file,
                                    Diagnostics&& load_warnings, const Policy& policy)>;
using OnRejected = std::function<void(RejectedFile&& rejected)>;

// LoadBatchAndScore's reading without the batch: each file is loaded, handed over and dropped.
// Returns the policy files met among the inputs (skipped).
std::vector<std::filesystem::path> ForEachProjectFile(const std::vector<std::string>& paths,
                                                      PolicySet& policies, spdlog::logger& log,
                                                      const OnLoaded& loaded,
                                                      const OnRejected& rejected);

// The door every loaded project goes through before it is scored (`check`, `load`, `score`,
// `report`, `audit`, files or store): each entered actual is checked against its indicator
// (scoring/entry.h, CheckResults), then the project is scored. A reading the policy accepts
// replaces the value in `results` and is a warning among the findings; a refused actual is an
// error finding, its indicator is left unscored and the project has no total: the refused value
// is never scored. The score points into `project` and `results`.
ProjectScore ScoreChecked(const Project& project, Results& results, const Published& published,
                          const Policy& policy, const ScoreOptions& options);

// Scores a loaded project into `out`, where it stays (a streaming reader's consumer).
void ScoreInto(ScoredProject& out, std::filesystem::path path, ProjectFile&& file,
               Diagnostics&& load_warnings, const Policy& policy, const BatchOptions& options = {});

// Scores one already-loaded project file and appends it (the store's entry point).
ScoredProject& AddToBatch(Batch& batch, std::filesystem::path path, ProjectFile file,
                          Diagnostics load_warnings, const Policy& policy,
                          const BatchOptions& options = {});

// A policy file lives in a folder named policies/, or has a top-level `caps:` key.
bool IsPolicyFile(const std::filesystem::path& path);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_BATCH_BATCH_H_
