#include "engine/batch/batch.h"

#include <algorithm>
#include <fstream>

#include "engine/batch/unit.h"
#include "indicators/i18n.h"
#include "scoring/catalogue.h"
#include "scoring/entry.h"

namespace jixiao {

bool Batch::ok() const {
  if (!rejected.empty()) return false;
  for (const auto& p : projects)
    if (!p.score.scored) return false;
  return true;
}

bool IsPolicyFile(const std::filesystem::path& path) {
  if (path.parent_path().filename() == "policies") return true;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  for (int n = 0; n < 200 && std::getline(in, line); ++n) {
    if (line.rfind("caps:", 0) == 0) return true;
  }
  return false;
}

namespace {

bool SamePlace(const SourceLoc& a, const SourceLoc& b) {
  return a.line > 0 && a.file == b.file && a.line == b.line && a.column == b.column;
}

}  // namespace

ProjectScore ScoreChecked(const Project& project, Results& results, const Published& published,
                          const Policy& policy, const ScoreOptions& options) {
  EntryReview review = CheckResults(project, results, policy);
  ApplySeverities(policy, review.findings);  // one severity per code, as the scorer's
  ProjectScore score = ScoreProject(project, results, published, policy, options);
  if (review.refused.empty()) {
    score.findings.insert(score.findings.begin(), review.findings.begin(), review.findings.end());
    return score;
  }
  // The scorer saw the refused values: its results for them are dropped, with what it said at
  // their places (the entry check's error says it first and better).
  std::vector<SourceLoc> places;
  for (IndicatorScore& s : score.indicators) {
    if (!review.refused.count(s.indicator->key)) continue;
    s.scored = false;
    s.score = 0;
    s.completion.reset();
    s.formula = Tr("actual refused at entry: not scored");
    places.push_back(s.indicator->loc);
    if (s.actual) places.push_back(s.actual->loc);
  }
  std::erase_if(score.findings, [&](const Finding& f) {
    return std::any_of(places.begin(), places.end(),
                       [&](const SourceLoc& p) { return SamePlace(f.loc, p); });
  });
  score.findings.insert(score.findings.begin(), review.findings.begin(), review.findings.end());
  score.scored = false;
  score.total = 0;
  score.grade.clear();
  return score;
}

void ScoreInto(ScoredProject& sp, std::filesystem::path path, ProjectFile&& file,
               Diagnostics&& load_warnings, const Policy& policy, const BatchOptions& options) {
  sp.path = std::move(path);
  sp.file = std::move(file);
  sp.policy = &policy;
  sp.load_warnings = std::move(load_warnings);
  ApplySeverities(policy, sp.load_warnings);
  sp.score = ScoreChecked(sp.file.project, sp.file.results, sp.file.published, policy, options);
}

ScoredProject& AddToBatch(Batch& batch, std::filesystem::path path, ProjectFile file,
                          Diagnostics load_warnings, const Policy& policy,
                          const BatchOptions& options) {
  ScoredProject& sp = batch.projects.emplace_back();
  ScoreInto(sp, std::move(path), std::move(file), std::move(load_warnings), policy, options);
  return sp;
}

std::vector<std::filesystem::path> ForEachProjectFile(const std::vector<std::string>& paths,
                                                      PolicySet& policies, spdlog::logger& log,
                                                      const OnLoaded& loaded,
                                                      const OnRejected& rejected) {
  std::vector<std::filesystem::path> policy_files;
  for (const auto& path : ExpandPaths(paths)) {
    if (IsUnitSettingsFile(path)) {
      log.debug("{} is the unit's settings (unit.yaml), skipped", path.string());
      continue;
    }
    if (IsPolicyFile(path)) {
      log.debug("{} is a policy file, skipped", path.string());
      policy_files.push_back(path);
      continue;
    }
    log.debug("loading {}", path.string());
    LoadResult r = LoadProjectFile(path);
    if (!r.ok()) {
      rejected(RejectedFile{path, r.file ? r.file->project.name : "", std::move(r.diagnostics)});
      continue;
    }
    const Policy* policy = nullptr;
    try {
      policy = &policies.Get(r.file->project.policy, path);
    } catch (const UsageError& e) {
      rejected(
          RejectedFile{path,
                       r.file->project.name,
                       {Diagnostic{Severity::kError, "unknown-policy", r.file->project.policy_loc,
                                   e.what()}}});  // i18n: translated
      continue;
    } catch (const InputError& e) {
      rejected(RejectedFile{path, r.file->project.name, e.diagnostics()});
      continue;
    }
    loaded(path, std::move(*r.file), std::move(r.diagnostics), *policy);
  }
  return policy_files;
}

Batch LoadBatchAndScore(const std::vector<std::string>& paths, PolicySet& policies,
                        spdlog::logger& log, const BatchOptions& options) {
  Batch batch;
  batch.policy_files = ForEachProjectFile(
      paths, policies, log,
      [&](std::filesystem::path path, ProjectFile&& file, Diagnostics&& warnings,
          const Policy& policy) {
        AddToBatch(batch, std::move(path), std::move(file), std::move(warnings), policy, options);
      },
      [&](RejectedFile&& r) { batch.rejected.push_back(std::move(r)); });
  log.debug("{} project(s) scored, {} file(s) rejected", batch.projects.size(),
            batch.rejected.size());
  return batch;
}

}  // namespace jixiao
