// The people of the web workspace: users with their role, password hash and projects, and their
// API tokens. Passwords are hashed with argon2id (libsodium crypto_pwhash_str, interactive
// limits) and tokens drawn from libsodium's randombytes; the store keeps neither in clear.
#include <sodium.h>

#include <mutex>
#include <set>

#include "engine/store/sql.h"
#include "engine/store/sqlite_store.h"
#include "indicators/i18n.h"
#include "indicators/text.h"

namespace jixiao {
namespace {

constexpr std::size_t kMaxUserNameChars = 64;
constexpr std::size_t kMinPasswordChars = 8;
// Longer passwords are refused, so that a request cannot make hashing read megabytes.
constexpr std::size_t kMaxPasswordBytes = 1024;
constexpr std::size_t kTokenBytes = 32;

void InitSodium() {
  if (sodium_init() < 0) throw StoreError("crypto", Tr("libsodium could not be initialised"));
}

std::size_t CodePoints(std::string_view text) {
  std::size_t n = 0;
  for (const char c : text)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

InputError OneError(const std::string& code, const std::string& where, const std::string& text) {
  return InputError({Diagnostic{Severity::kError, code, SourceLoc{where, 0, 0}, text}});
}

// The user name as stored (trimmed), or an error naming what to write instead.
std::string CheckUserName(const std::string& name) {
  const std::string trimmed = TrimText(name);
  if (trimmed.empty()) throw UsageError(Tr("a user needs a name"));
  if (auto e = CheckFreeText(TextField::kAuthor, trimmed)) throw *e;
  if (CodePoints(trimmed) > kMaxUserNameChars) {
    throw UsageError(TrF("user name '{}' is longer than {} characters: choose a shorter one",
                         Excerpt(trimmed), kMaxUserNameChars));
  }
  return trimmed;
}

void CheckNewPassword(const std::string& name, const std::string& password) {
  if (CodePoints(password) < kMinPasswordChars) {
    throw OneError(
        "password-short", TrF("user '{}'", name),
        TrF("the password has fewer than {} characters: choose a longer one", kMinPasswordChars));
  }
  if (password.size() > kMaxPasswordBytes) {
    throw OneError(
        "password-long", TrF("user '{}'", name),
        TrF("the password is longer than {} bytes: choose a shorter one", kMaxPasswordBytes));
  }
}

std::string HashPassword(const std::string& password) {
  InitSodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw StoreError("crypto", Tr("hashing the password ran out of memory; nothing was stored"));
  }
  return out;
}

bool PasswordMatches(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool IsToken(const std::string& token) {
  if (token.size() != 2 * kTokenBytes) return false;
  for (const char c : token)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

User SqliteStore::ReadUser(std::int64_t id, const std::string& name, const std::string& role) {
  User u;
  u.id = id;
  u.name = name;
  u.role = ParseRole(role).value_or(Role::kAuditor);
  sql::Statement& q =
      Prepared("SELECT project_id FROM user_projects WHERE user_id = ? ORDER BY project_id");
  const ResetAtExit done{q};
  q.bind(1, id);
  while (q.executeStep()) u.projects.push_back(q.getColumn(0).getInt64());
  return u;
}

std::optional<std::pair<User, std::string>> SqliteStore::UserWhere(const std::string& sql,
                                                                   const std::string& key) {
  std::int64_t id = 0;
  std::string found, role, hash;
  {
    sql::Statement& q = Prepared(sql);
    const ResetAtExit done{q};
    q.bind(1, key);
    if (!q.executeStep()) return std::nullopt;
    id = q.getColumn(0).getInt64();
    found = q.getColumn(1).getString();
    role = q.getColumn(2).getString();
    hash = q.getColumn(3).getString();
  }
  return std::pair{ReadUser(id, found, role), hash};
}

std::optional<std::pair<User, std::string>> SqliteStore::UserWithHash(const std::string& name) {
  return UserWhere("SELECT id, name, role, password FROM users WHERE name = ?", TrimText(name));
}

User SqliteStore::AddUser(const std::string& name_in, Role role,
                          const std::vector<StoredProjectRef>& projects,
                          const std::string& password) {
  const std::string name = CheckUserName(name_in);
  if (role != Role::kManager && !projects.empty()) {
    throw UsageError(
        "user-projects",
        TrF("a {} answers for no project: give --project only to a manager", FieldName(role)));
  }
  CheckNewPassword(name, password);
  const std::string hash = HashPassword(password);  // slow: before the transaction
  return Write([&] {
    if (FindUser(name)) {
      throw UsageError(
          "user-exists",
          TrF("user '{}' exists already: choose another name (jixiao user list)", name));
    }
    std::set<std::int64_t> ids;
    for (const StoredProjectRef& p : projects) {
      sql::Statement& q = Prepared("SELECT 1 FROM projects WHERE id = ?");
      const ResetAtExit done{q};
      q.bind(1, p.id);
      if (!q.executeStep()) {
        throw UsageError("unknown-project",
                         TrF("no project '{}' (id {}) in this store: load it first, or give one "
                             "that `jixiao status` lists",
                             p.name, p.id));
      }
      ids.insert(p.id);
    }
    sql::Statement ins(*db_,
                       "INSERT INTO users(name, role, password, created_at) VALUES (?, ?, ?, ?) "
                       "RETURNING id");
    ins.bind(1, name);
    ins.bind(2, FieldName(role));
    ins.bind(3, hash);
    ins.bind(4, NowUtc());
    ins.executeStep();
    const std::int64_t id = ins.getColumn(0).getInt64();
    ins.reset();
    sql::Statement link(*db_, "INSERT INTO user_projects(user_id, project_id) VALUES (?, ?)");
    for (const std::int64_t project : ids) {
      link.reset();
      link.bind(1, id);
      link.bind(2, project);
      link.exec();
    }
    return User{id, name, role, {ids.begin(), ids.end()}};
  });
}

std::vector<User> SqliteStore::Users() {
  std::vector<std::tuple<std::int64_t, std::string, std::string>> rows;
  {
    sql::Statement q(*db_, "SELECT id, name, role FROM users ORDER BY id");
    while (q.executeStep()) {
      rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                        q.getColumn(2).getString());
    }
  }
  std::vector<User> out;
  for (const auto& [id, name, role] : rows) out.push_back(ReadUser(id, name, role));
  return out;
}

std::optional<User> SqliteStore::FindUser(const std::string& name) {
  auto found = UserWithHash(name);
  if (!found) return std::nullopt;
  return std::move(found->first);
}

std::optional<Credentials> SqliteStore::FindCredentials(const std::string& name) {
  auto found = UserWithHash(name);
  if (!found) return std::nullopt;
  return Credentials{std::move(found->first), std::move(found->second)};
}

std::optional<User> SqliteStore::CheckPassword(std::optional<Credentials> found,
                                               const std::string& password) {
  InitSodium();
  if (password.size() > kMaxPasswordBytes) return std::nullopt;
  if (!found) {
    // A well-formed hash of no one's password (made once per store): an unknown name costs the
    // same hashing time as a wrong password.
    std::call_once(decoy_made_, [this] {
      unsigned char secret[kTokenBytes];
      randombytes_buf(secret, sizeof secret);
      decoy_hash_ = HashPassword(std::string(reinterpret_cast<const char*>(secret), sizeof secret));
    });
    PasswordMatches(decoy_hash_, password);
    return std::nullopt;
  }
  if (!PasswordMatches(found->password_hash, password)) return std::nullopt;
  return std::move(found->user);
}

std::string SqliteStore::IssueToken(const std::string& user) {
  InitSodium();
  unsigned char bytes[kTokenBytes];
  randombytes_buf(bytes, sizeof bytes);
  char hex[2 * kTokenBytes + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  const std::string token = hex;
  sodium_memzero(bytes, sizeof bytes);
  return Write([&] {
    const std::optional<User> u = FindUser(user);
    if (!u) {
      throw UsageError(
          "unknown-user",
          TrF("no user '{}': add one with `jixiao user add NAME --role ROLE`", TrimText(user)));
    }
    sql::Statement ins(*db_, "INSERT INTO api_tokens(hash, user_id, created_at) VALUES (?, ?, ?)");
    ins.bind(1, Sha256Hex(token));
    ins.bind(2, u->id);
    ins.bind(3, NowUtc());
    ins.exec();
    return token;
  });
}

std::optional<User> SqliteStore::UserByToken(const std::string& token) {
  if (!IsToken(token)) return std::nullopt;
  auto found = UserWhere(
      "SELECT u.id, u.name, u.role, u.password FROM api_tokens t JOIN users u ON u.id = t.user_id "
      "WHERE t.hash = ?",
      Sha256Hex(token));
  if (!found) return std::nullopt;
  return std::move(found->first);
}

}  // namespace jixiao
