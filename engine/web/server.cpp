// WebServer (engine/web/web.h): cpp-httplib's threaded server with the workspace's limits, its
// security headers on every answer, errors as JSON (API) or a short page, and the routes of the
// API, the pages and the static assets.
#include <atomic>
#include <chrono>
#include <exception>
#include <string_view>
#include <thread>

#include "engine/report/escape.h"
#include "engine/store/sql.h"
#include "engine/web/api.h"
#include "engine/web/context.h"
#include "engine/web/pages.h"
#include "engine/web/web.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

bool IsApi(const httplib::Request& req) {
  return std::string_view(req.path).substr(0, 5) == "/api/" || req.path == "/api";
}

// What an error status means, for an answer that has no body of its own.
const char* ErrorCode(int status) {
  switch (status) {
    case 400:
      return "bad-request";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not-found";
    case 405:
      return "method-not-allowed";
    case 408:
      return "timeout";
    case 413:
      return "too-large";
    case 414:
      return "uri-too-long";
    case 429:
      return "rate-limited";
    default:
      return status >= 500 ? "internal" : "error";
  }
}

std::string ErrorMessage(int status) {
  switch (status) {
    case 404:
      return Tr("there is no such page");
    case 413:
      return Tr("the request body is too large");
    default:
      return status >= 500 ? Tr("internal error: the server logged it")
                           : TrF("the request was refused (HTTP {})", status);
  }
}

// The answer for an error status: JSON under /api, a short page elsewhere.
void SendStatusPage(const httplib::Request& req, httplib::Response& res, int status,
                    const std::string& message) {
  res.status = status;
  if (IsApi(req)) {
    WebContext::SendError(res, status, ErrorCode(status), message);
    return;
  }
  const std::string text = HtmlEscape(message);
  res.set_content("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
                      std::to_string(status) + "</title></head><body><h1>" +
                      std::to_string(status) + "</h1><p class=\"error\">" + text +
                      "</p><p><a href=\"/\">jixiao</a></p></body></html>\n",
                  "text/html; charset=utf-8");
}

// The pool's stores: `first`, and on PostgreSQL the other connections `open_more` opens (kept in
// `more`, which must outlive the context).
std::vector<Store*> PoolStores(Store& first, const ServeOptions& options,
                               const StoreOpener& open_more,
                               std::vector<std::unique_ptr<Store>>& more) {
  std::vector<Store*> stores{&first};
  if (!open_more || !sql::IsPostgresUrl(first.path().string())) return stores;
  for (int i = 1; i < options.store_connections; ++i) {
    more.push_back(open_more());
    stores.push_back(more.back().get());
  }
  return stores;
}

}  // namespace

struct WebServer::Impl {
  Impl(Store& store, const ServeOptions& options, std::shared_ptr<spdlog::logger> log,
       const StoreOpener& open_more)
      : ctx(PoolStores(store, options, open_more, more), options, std::move(log)) {}

  void Setup();

  std::vector<std::unique_ptr<Store>> more;  // before ctx: outlives it
  WebContext ctx;
  httplib::Server server;
  // Stop may come before Run has started listening (a signal at start-up): see Run and Stop.
  std::atomic<bool> run_started{false}, run_done{false}, stopping{false};
};

void WebServer::Impl::Setup() {
  const ServeOptions& o = ctx.options();
  const std::size_t threads = o.threads > 0 ? static_cast<std::size_t>(o.threads) : 1;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(o.max_body_bytes);
  server.set_read_timeout(o.read_timeout_seconds, 0);
  server.set_write_timeout(o.read_timeout_seconds, 0);
  server.set_keep_alive_timeout(5);
  server.set_keep_alive_max_count(1000);
  // A response's headers and body go out in separate writes: with Nagle's algorithm the second
  // waits for the client's delayed ACK (40 ms on Linux) on every kept-alive request.
  server.set_tcp_nodelay(true);
  server.set_default_headers({
      {"Content-Security-Policy", "default-src 'self'"},
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "same-origin"},
      {"Cache-Control", "no-store"},
  });
  server.set_exception_handler(
      [this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        ctx.log().error("web: {} {} failed: {}", req.method, req.path, what);
        res.headers.erase("Set-Cookie");
        SendStatusPage(req, res, 500, ErrorMessage(500));
      });
  // Statuses answered without a body of their own (unknown route, 413 from the parser …).
  server.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        SendStatusPage(req, res, res.status, ErrorMessage(res.status));
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
    ctx.log().debug("web: {} {} {} {}", req.remote_addr, req.method, req.path, res.status);
  });

  RegisterApiRoutes(server, ctx);
  RegisterPageRoutes(server, ctx);
  server.Get(R"(/static/([A-Za-z0-9._-]+))",
             [this](const httplib::Request& req, httplib::Response& res) {
               const StaticAsset* a = ctx.assets().Find(req.matches[1]);
               if (!a) {
                 SendStatusPage(req, res, 404, ErrorMessage(404));
                 return;
               }
               res.set_content(a->body, a->content_type);
               res.headers.erase("Cache-Control");
               res.set_header("Cache-Control", "no-cache");
             });
}

WebServer::WebServer(Store& store, ServeOptions options, std::shared_ptr<spdlog::logger> log,
                     const StoreOpener& open_more)
    : impl_(std::make_unique<Impl>(store, options, std::move(log), open_more)) {
  impl_->Setup();
}

WebServer::~WebServer() = default;

int WebServer::Bind() {
  const ServeOptions& o = impl_->ctx.options();
  int port = o.port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(o.host);
    if (port <= 0) port = -1;
  } else if (!impl_->server.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port < 0) {
    throw UsageError(
        TrF("cannot listen on {}:{}: the address is taken or not this machine's; "
            "give another with --listen HOST:PORT",
            o.host, o.port));
  }
  return port;
}

void WebServer::Run() {
  impl_->run_started = true;
  if (!impl_->stopping) impl_->server.listen_after_bind();
  impl_->run_done = true;
}

void WebServer::Stop() {
  impl_->stopping = true;
  // Run saw `stopping` and returns, or it is about to listen: wait until it does, then stop it.
  if (!impl_->run_started) return;
  while (!impl_->server.is_running() && !impl_->run_done)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  impl_->server.stop();
}

}  // namespace jixiao
