// The audit of stored projects: their histories read from the trail, then the one Audit().
#include "engine/store/store_audit.h"

#include <deque>

namespace jixiao {

std::vector<HistoryEntry> HistoryEntries(Store& store, const StoredProjectRef& project) {
  std::vector<HistoryEntry> out;
  for (const AuditRow& r : store.History(project, std::nullopt)) {
    out.push_back(HistoryEntry{r.id, r.at, r.author, r.indicator, r.FieldText(), r.old_value,
                               r.new_value, r.reason, r.source, r.after_submit,
                               FieldLabel(r.field, r.field_source), SourceLabel(r.source)});
  }
  return out;
}

StoreAudit AuditStoredBatch(Store& store, const Batch& batch) {
  StoreAudit out;
  std::deque<std::vector<HistoryEntry>> histories;  // stable addresses for AuditProject
  std::vector<AuditProject> audit;
  for (const auto& p : batch.projects) {
    histories.push_back(HistoryEntries(store, store.ResolveProject(p.file.project.name)));
    audit.push_back(AuditProject{&p.file, &p.score, p.policy, &p.load_warnings, &histories.back()});
    ++out.projects;
  }
  for (const auto& r : batch.rejected) {
    for (const auto& d : r.diagnostics) {
      const AuditRule* rule = FindAuditRule(d.code);
      out.rejected.push_back(AuditFinding{
          d, r.name, "", "", rule ? std::string(rule->source) : std::string(kInputCheckSource)});
    }
  }
  out.findings = out.rejected;
  for (AuditFinding& f : Audit(audit)) out.findings.push_back(std::move(f));
  return out;
}

}  // namespace jixiao
