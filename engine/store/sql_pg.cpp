// The PostgreSQL driver of the SQL layer, over libpqxx: `?`/`?N` placeholders become `$N` once at
// prepare time, statements are prepared on the server once per connection, and a result is read
// row by row from the pqxx::result. Every libpqxx exception becomes an sql::Error whose kind
// comes from the SQLSTATE: 40001/40P01 retry, 55P03 (lock timeout) busy, XX001/XX002 corrupt,
// a failed connection `connect` (its message names the URL without its password).
//
// Parameters travel as text (a blob as bytea's \x hex form) and results come back as text: the
// server infers each parameter's type from the statement, as SQLite's affinity would accept it.
// Doubles are written as their shortest round-trip text (std::to_chars) and read back with
// extra_float_digits = 3, so that a figure reads back bit for bit.
#include <charconv>
#include <cstdlib>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <vector>

#include "engine/store/sql.h"

namespace jixiao::sql {
namespace {

// The key of the store's one advisory lock: every write transaction takes it first, so that
// writes (and their audit rows) are serialised as under SQLite's BEGIN IMMEDIATE. Any fixed
// number would do; this one spells "jixiao" in ASCII.
constexpr const char* kWriteLock = "SELECT pg_advisory_xact_lock(117019028161903)";

constexpr unsigned kByteaOid = 17;

Error Translate(const pqxx::sql_error& e) {
  const std::string state = e.sqlstate();
  if (state == "40001" || state == "40P01") return Error(Error::Kind::kRetry, e.what());
  if (state == "55P03") return Error(Error::Kind::kBusy, e.what());
  if (state == "XX001" || state == "XX002") return Error(Error::Kind::kCorrupt, e.what());
  if (state.rfind("08", 0) == 0) return Error(Error::Kind::kConnect, e.what());
  return Error(Error::Kind::kOther, e.what());
}

template <typename F>
auto Guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const pqxx::sql_error& e) {
    throw Translate(e);
  } catch (const pqxx::broken_connection& e) {
    throw Error(Error::Kind::kConnect, e.what());
  } catch (const pqxx::failure& e) {
    throw Error(Error::Kind::kOther, e.what());
  }
}

// The SQL with `?` and `?N` as `$N` (quoted text and comments left alone); `count` receives the
// highest parameter number.
std::string Placeholders(const std::string& sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 8);
  count = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string::npos ? sql.size() : end + 1;
      out.append(sql, i, stop - i);
      i = stop - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string::npos ? sql.size() : end;
      out.append(sql, i, stop - i);
      i = stop - 1;
    } else if (c == '?') {
      std::size_t j = i + 1;
      int n = 0;
      while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
      if (j == i + 1) n = count + 1;  // a bare `?` takes the next number, as in SQLite
      count = std::max(count, n);
      out += '$' + std::to_string(n);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (const unsigned char b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

std::string Unhex(std::string_view text) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x') return std::string(text);
  const auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out;
  out.reserve((text.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < text.size(); i += 2) {
    out += static_cast<char>(nibble(text[i]) << 4 | nibble(text[i + 1]));
  }
  return out;
}

class PgConnection;

class PgStatement : public StatementImpl {
 public:
  PgStatement(PgConnection& db, const std::string& name, int count)
      : db_(db), name_(name), params_(static_cast<std::size_t>(count)) {}

  void BindNull(int i) override { Param(i).reset(); }
  void BindInt64(int i, std::int64_t v) override { Param(i) = std::to_string(v); }
  void BindDouble(int i, double v) override {
    char buf[32];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    Param(i) = std::string(buf, r.ptr);
  }
  void BindText(int i, std::string_view v) override { Param(i) = std::string(v); }
  void BindBlob(int i, std::string_view v, bool) override { Param(i) = Hex(v); }
  bool Step() override {
    if (!result_) {
      Run();
      row_ = 0;
    } else {
      ++row_;
    }
    decoded_.clear();
    return row_ < result_->size();
  }
  int Exec() override {
    Run();
    const int changed = static_cast<int>(result_->affected_rows());
    Reset();
    return changed;
  }
  void Reset() override {
    result_.reset();
    decoded_.clear();
  }
  void ClearBindings() override {
    for (auto& p : params_) p.reset();
  }
  int ColumnCount() const override { return result_ ? static_cast<int>(result_->columns()) : 0; }
  bool IsNull(int i) const override { return Field(i).is_null(); }
  std::int64_t Int64(int i) const override {
    const pqxx::field f = Field(i);
    if (f.is_null()) return 0;
    const char* s = f.c_str();
    const std::size_t n = f.size();
    if (n == 1 && (s[0] == 't' || s[0] == 'f')) return s[0] == 't';  // a boolean
    std::int64_t v = 0;
    const auto r = std::from_chars(s, s + n, v);
    if (r.ec == std::errc() && r.ptr == s + n) return v;
    return static_cast<std::int64_t>(std::strtod(s, nullptr));
  }
  double Double(int i) const override {
    const pqxx::field f = Field(i);
    return f.is_null() ? 0.0 : std::strtod(f.c_str(), nullptr);
  }
  std::string_view Text(int i) const override {
    const pqxx::field f = Field(i);
    if (f.is_null()) return {};
    if (f.type() == kByteaOid) return Decoded(i, f);
    return std::string_view(f.c_str(), f.size());
  }
  std::string_view Blob(int i) const override {
    const pqxx::field f = Field(i);
    if (f.is_null()) return {};
    if (f.type() != kByteaOid) return std::string_view(f.c_str(), f.size());
    return Decoded(i, f);
  }

 private:
  std::optional<std::string>& Param(int i) {
    if (i < 1 || static_cast<std::size_t>(i) > params_.size()) {
      throw Error(Error::Kind::kOther, "parameter " + std::to_string(i) + " out of range");
    }
    return params_[static_cast<std::size_t>(i - 1)];
  }
  pqxx::field Field(int i) const {
    if (!result_ || row_ >= result_->size() || i < 0 ||
        static_cast<std::size_t>(i) >= result_->columns()) {
      throw Error(Error::Kind::kOther, "no column " + std::to_string(i) + " in the current row");
    }
    return (
        *result_)[static_cast<pqxx::result::size_type>(row_)][static_cast<pqxx::row::size_type>(i)];
  }
  std::string_view Decoded(int i, const pqxx::field& f) const {
    auto it = decoded_.find(i);
    if (it == decoded_.end()) it = decoded_.emplace(i, Unhex({f.c_str(), f.size()})).first;
    return it->second;
  }
  void Run();

  PgConnection& db_;
  std::string name_;
  std::vector<std::optional<std::string>> params_;
  std::optional<pqxx::result> result_;
  std::size_t row_ = 0;
  mutable std::map<int, std::string> decoded_;  // bytea columns of the current row, decoded
};

class PgConnection : public Connection {
 public:
  PgConnection(const std::string& url, int busy_timeout_ms)
      : name_(RedactUrl(url)), conn_(Connect(url)), tx_(*conn_) {
    // Notices (a DROP … IF EXISTS that found nothing) are not the user's concern.
    exec("SET client_min_messages = error");
    exec("SET extra_float_digits = 3");
    exec("SET lock_timeout = " + std::to_string(busy_timeout_ms));
    exec("SET default_transaction_isolation = 'read committed'");
  }

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string name() const override { return name_; }
  std::unique_ptr<StatementImpl> Prepare(const std::string& sql) override {
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      int count = 0;
      const std::string text = Placeholders(sql, count);
      const std::string name = "s" + std::to_string(prepared_.size() + 1);
      Guarded([&] { conn_->prepare(name, text); });
      it = prepared_.emplace(sql, std::make_pair(name, count)).first;
    }
    return std::make_unique<PgStatement>(*this, it->second.first, it->second.second);
  }
  void exec(const std::string& sql) override {
    Guarded([&] { tx_.exec(sql); });
  }
  // Ids come from INSERT … RETURNING id on PostgreSQL (the store's ids are set by a trigger,
  // not a sequence: dialect.cpp).
  std::int64_t getLastInsertRowid() override {
    throw Error(Error::Kind::kOther, "PostgreSQL: use INSERT … RETURNING id");
  }
  // A write is serialised by the store's lock and needs no more than READ COMMITTED; a read of
  // several statements (a whole store read page by page, store copy) sees one snapshot.
  void Begin(bool write) override {
    if (!write) {
      exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      return;
    }
    // A write's BEGIN and its lock in one round trip (one simple query of two statements).
    exec(std::string("BEGIN ISOLATION LEVEL READ COMMITTED; ") + kWriteLock);
  }
  void Commit() override { exec("COMMIT"); }
  void Rollback() override { exec("ROLLBACK"); }

  pqxx::result Execute(const std::string& name, const std::vector<const char*>& params) {
    return Guarded(
        [&] { return tx_.exec_prepared(name, pqxx::prepare::make_dynamic_params(params)); });
  }

 private:
  std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
    try {
      return std::make_unique<pqxx::connection>(url);
    } catch (const std::exception& e) {
      // libpq's message names the host and the database, never the password.
      std::string what = e.what();
      while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
      throw Error(Error::Kind::kConnect, what);
    }
  }

  std::string name_;
  std::unique_ptr<pqxx::connection> conn_;
  // Statements run through one nontransaction: transactions are the SQL layer's own BEGIN and
  // COMMIT, as on SQLite.
  pqxx::nontransaction tx_;
  std::map<std::string, std::pair<std::string, int>> prepared_;  // SQL → name, parameters
};

void PgStatement::Run() {
  std::vector<const char*> values;
  values.reserve(params_.size());
  for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
  result_ = db_.Execute(name_, values);
}

}  // namespace

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string RedactUrl(std::string_view url) {
  std::string out(url);
  // user:password@ in the authority part.
  const std::size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const std::size_t start = scheme + 3;
    const std::size_t end = out.find_first_of("/?", start);
    const std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
    if (at != std::string::npos && at >= start) {
      const std::size_t colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
    }
  }
  // password=… among the query parameters.
  for (std::size_t at = out.find("password="); at != std::string::npos;
       at = out.find("password=", at)) {
    const bool param = at > 0 && (out[at - 1] == '?' || out[at - 1] == '&');
    if (!param) {
      at += 9;
      continue;
    }
    std::size_t end = out.find('&', at);
    end = end == std::string::npos ? out.size() : end + 1;
    out.erase(at, end - at);
    if (!out.empty() && (out.back() == '&' || out.back() == '?')) out.pop_back();
  }
  return out;
}

std::unique_ptr<Connection> OpenPostgres(const std::string& url, int busy_timeout_ms) {
  return std::make_unique<PgConnection>(url, busy_timeout_ms);
}

}  // namespace jixiao::sql
