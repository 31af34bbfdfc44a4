// engine/store/audit_json.h — one audit row as JSON: what `jixiao history --format json` prints
// and the web's history answers, so that both give the same keys.
#ifndef JIXIAO_ENGINE_STORE_AUDIT_JSON_H_
#define JIXIAO_ENGINE_STORE_AUDIT_JSON_H_

#include <nlohmann/json.hpp>

#include "engine/store/store.h"

namespace jixiao {

// {"id","at","author","project","indicator","field","old","new","reason","source",
//  "after_submit","hash"}: times in UTC (ISO 8601), texts as stored.
nlohmann::json AuditRowJson(const AuditRow& r);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_AUDIT_JSON_H_
