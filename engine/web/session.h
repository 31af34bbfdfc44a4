// engine/web/session.h — who is logged in: sessions in memory, each with its CSRF token, and the
// login rate limiter.
//
// Contract:
//  * A session id and a CSRF token are 32 random bytes (libsodium randombytes_buf) as 64 hex
//    digits; ids are compared in constant time.
//  * A session unused for `idle` ends; End ends it at once (logout).
//  * Times are passed in (steady clock), so tests need no waiting. All methods are thread-safe.
#ifndef JIXIAO_ENGINE_WEB_SESSION_H_
#define JIXIAO_ENGINE_WEB_SESSION_H_

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/store/store.h"

namespace jixiao {

using WebClock = std::chrono::steady_clock;

// `bytes` random bytes (libsodium) as lowercase hex.
std::string RandomHex(std::size_t bytes);
// a == b, in time that depends on the lengths only.
bool SameSecret(const std::string& a, const std::string& b);

struct Session {
  std::string id;    // the cookie's value
  std::string csrf;  // the token every write of this session must carry
  User user;         // who logged in (as the store knew them then)
  WebClock::time_point last_used;
};

class SessionStore {
 public:
  explicit SessionStore(std::chrono::seconds idle);

  Session Create(const User& user, WebClock::time_point now);
  // The live session with this id, its idle time restarted; nullopt when unknown or expired (an
  // expired one is removed).
  std::optional<Session> Find(const std::string& id, WebClock::time_point now);
  void End(const std::string& id);
  std::size_t size();

 private:
  void Sweep(WebClock::time_point now);  // removes expired sessions

  std::chrono::seconds idle_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;
  WebClock::time_point last_sweep_{};
};

// Failed logins are counted per user name and per client address; `attempts` failures of either
// within `window` block further logins of that name or from that address until the oldest of
// them leaves the window.
class LoginLimiter {
 public:
  LoginLimiter(int attempts, std::chrono::seconds window);

  bool Blocked(const std::string& name, const std::string& address, WebClock::time_point now);
  void Failed(const std::string& name, const std::string& address, WebClock::time_point now);

 private:
  bool Full(const std::string& key, WebClock::time_point now);  // holding mu_

  std::size_t attempts_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::map<std::string, std::deque<WebClock::time_point>> failures_;  // "user:…", "addr:…"
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_SESSION_H_
