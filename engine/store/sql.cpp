// The driver-independent part of the SQL layer.
#include "engine/store/sql.h"

namespace jixiao::sql {

Column Connection::execAndGet(const std::string& sql) {
  std::shared_ptr<StatementImpl> st = Prepare(sql);
  if (!st->Step()) throw Error(Error::Kind::kOther, "no row returned by: " + sql);
  return Column(*st, 0, st);
}

Transaction::~Transaction() {
  if (done_) return;
  try {
    db_.Rollback();
  } catch (...) {
  }
}

void Transaction::commit() {
  db_.Commit();
  done_ = true;
}

}  // namespace jixiao::sql
