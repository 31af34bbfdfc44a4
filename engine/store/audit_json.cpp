#include "engine/store/audit_json.h"

namespace jixiao {

nlohmann::json AuditRowJson(const AuditRow& r) {
  return {{"id", r.id},
          {"at", r.at},
          {"author", r.author},
          {"project", r.project},
          {"indicator", r.indicator},
          {"field", r.FieldText()},
          {"old", r.old_value},
          {"new", r.new_value},
          {"reason", r.reason},
          {"source", r.source},
          {"after_submit", r.after_submit},
          {"hash", r.hash}};
}

}  // namespace jixiao
