#include "engine/web/session.h"

#include <sodium.h>

#include <stdexcept>
#include <vector>

namespace jixiao {

std::string RandomHex(std::size_t bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  hex.pop_back();
  return hex;
}

bool SameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

SessionStore::SessionStore(std::chrono::seconds idle) : idle_(idle) {}

Session SessionStore::Create(const User& user, WebClock::time_point now) {
  Session s{RandomHex(32), RandomHex(32), user, now};
  std::lock_guard lock(mu_);
  Sweep(now);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::Find(const std::string& id, WebClock::time_point now) {
  if (id.size() != 64) return std::nullopt;
  std::lock_guard lock(mu_);
  Sweep(now);
  // The map finds by ordering; the id is then compared again in constant time.
  auto it = sessions_.find(id);
  if (it == sessions_.end() || !SameSecret(it->first, id)) return std::nullopt;
  if (now - it->second.last_used >= idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second;
}

void SessionStore::End(const std::string& id) {
  std::lock_guard lock(mu_);
  sessions_.erase(id);
}

std::size_t SessionStore::size() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionStore::Sweep(WebClock::time_point now) {
  // At most once a minute: a walk over every session.
  if (now - last_sweep_ < std::chrono::minutes(1)) return;
  last_sweep_ = now;
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_used >= idle_ ? sessions_.erase(it) : std::next(it);
  }
}

LoginLimiter::LoginLimiter(int attempts, std::chrono::seconds window)
    : attempts_(attempts > 0 ? static_cast<std::size_t>(attempts) : 1), window_(window) {}

bool LoginLimiter::Full(const std::string& key, WebClock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& times = it->second;
  while (!times.empty() && now - times.front() >= window_) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return false;
  }
  return times.size() >= attempts_;
}

bool LoginLimiter::Blocked(const std::string& name, const std::string& address,
                           WebClock::time_point now) {
  std::lock_guard lock(mu_);
  const bool by_name = Full("user:" + name, now);
  const bool by_address = Full("addr:" + address, now);
  return by_name || by_address;
}

void LoginLimiter::Failed(const std::string& name, const std::string& address,
                          WebClock::time_point now) {
  std::lock_guard lock(mu_);
  for (const std::string& key : {"user:" + name, "addr:" + address}) {
    auto& times = failures_[key];
    times.push_back(now);
    // Only the last `attempts_` matter; an attacker's flood stays bounded.
    while (times.size() > attempts_) times.pop_front();
  }
}

}  // namespace jixiao
