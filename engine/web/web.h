// engine/web/web.h — the web workspace: `jixiao serve`, one process on the store that serves the
// pages (engine/web/pages.h) and the JSON API to a unit's clerk, its project managers and its
// auditors.
//
// Contract:
//  * The web is a door, not a second implementation: values go through the store's one entry
//    check (Store::SetMany), scores come from the scorer of `score --db`, the JSON of a project is
//    the object `score --format json` gives.
//  * Store calls run on a pool of connections to the store (engine/web/store_pool.h), each call
//    on one connection held for it, first come first served: one connection on SQLite (calls one
//    at a time), store_connections on PostgreSQL (calls side by side; the store serialises the
//    writes itself, with its advisory lock, and every read is a snapshot).
//  * Every write is one store transaction with the logged-in user as its author, source "web".
//  * Sessions live in memory (a restart logs everyone out); a session cookie authenticates pages
//    and the API (with a CSRF token for every write), an API token (`Authorization: Bearer`) the
//    API alone (no CSRF token).
//  * No request can stop the server: a C++ exception is a 500 answer, logged; bodies over
//    max_body_bytes are 413; slow clients are cut off after read_timeout_seconds.
#ifndef JIXIAO_ENGINE_WEB_WEB_H_
#define JIXIAO_ENGINE_WEB_WEB_H_

#include <spdlog/logger.h>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "engine/batch/policies.h"
#include "engine/store/store.h"

namespace jixiao {

struct ServeOptions {
  std::string host = "127.0.0.1";  // the address to listen on (loopback by default)
  int port = 8080;                 // the TCP port; 0 = any free port (Bind says which)
  // Worker threads answering requests; a kept-alive connection holds one while it is open, so
  // there are enough for the unit's users at once (store calls wait for a store connection).
  int threads = 64;
  // Connections to a PostgreSQL store, each running one store call at a time. 4: on 2 cores with
  // 50 clients saving back to back (tests/web/load.py), 4 gave the most saves per second in two
  // of three rounds of 2/4/8 (2 and 8 fewer: waits for a connection, or for the CPU). An SQLite
  // store is served on one connection whatever this says: SQLite lets one writer in at a time,
  // and a second connection would only wait for the file's lock.
  int store_connections = 4;
  int session_idle_minutes = 480;                // a session unused this long (8 h) ends
  std::size_t max_body_bytes = 4 * 1024 * 1024;  // a larger request body is refused (413)
  int read_timeout_seconds = 10;                 // a client that sends nothing this long is cut off
  int login_attempts = 5;          // failed logins per user name or client address …
  int login_window_seconds = 300;  // … within this window before login answers 429
  bool secure_cookie = false;      // add `Secure` to the session cookie (behind HTTPS)
  PolicyOptions policies;          // where scoring finds a project's policy (default built-in)
};

// Opens another connection to the store being served (as the command line opened the first).
using StoreOpener = std::function<std::unique_ptr<Store>()>;

class WebServer {
 public:
  // The server on `store` (which must outlive it); nothing listens until Bind. On PostgreSQL,
  // `open_more` opens the other options.store_connections - 1 connections (none without it).
  WebServer(Store& store, ServeOptions options, std::shared_ptr<spdlog::logger> log,
            const StoreOpener& open_more = nullptr);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  // Binds options.host:options.port; returns the port (the free one chosen for port 0). Throws
  // UsageError when the address cannot be bound.
  int Bind();
  // Answers requests until Stop; returns when the last in-flight request has been answered.
  void Run();
  // Stops accepting (from any thread, a signal handler's thread too); Run then returns.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_WEB_H_
