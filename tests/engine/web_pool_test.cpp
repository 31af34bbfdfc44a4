// StorePool (engine/web/store_pool.h): slots handed out in the order callers came, given back
// however a call ends, N slots held by N callers at once; and the pool `jixiao serve` builds
// (one connection on SQLite, store_connections on PostgreSQL).
#include <doctest/doctest.h>
#include <spdlog/sinks/null_sink.h>

#include <algorithm>
#include <latch>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "engine/web/store_pool.h"
#include "engine/web/web.h"
#include "tests/engine/store_fixture.h"

namespace jixiao {
namespace {

using namespace jixiao::testing;

// A store to put into the pool's slots (the pool itself never calls it).
std::unique_ptr<Store> ScratchStore(const TempDir& t, bool create = true) {
  StoreOptions o;
  o.path = t.db();
  o.create = create;
  return Store::Open(o);
}

TEST_CASE("web: the store pool lets waiters in in the order they came") {
  // With std::mutex a late request could overtake and leave another waiting many turns: the
  // long tail of a save's latency under load.
  TempDir t;
  const std::unique_ptr<Store> store = ScratchStore(t);
  StorePool pool({store.get()}, {});
  std::vector<int> order;
  std::vector<std::thread> threads;
  {
    const StorePool::Lease held = pool.Acquire();
    for (int k = 0; k < 6; ++k) {
      threads.emplace_back([&, k] {
        const StorePool::Lease mine = pool.Acquire();
        order.push_back(k);  // one slot: one thread at a time
      });
      while (pool.waiting() != static_cast<std::size_t>(k + 1)) std::this_thread::yield();
    }
  }
  for (std::thread& t : threads) t.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5});
  // Free again: a slot without waiters is taken at once.
  CHECK(pool.idle() == 1);
  const StorePool::Lease again = pool.Acquire();
  CHECK(pool.waiting() == 0);
}

TEST_CASE("web: a slot let go goes to the first waiter, not to a later caller") {
  TempDir t;
  const std::unique_ptr<Store> store = ScratchStore(t);
  StorePool pool({store.get(), store.get()}, {});
  std::optional<StorePool::Lease> a(pool.Acquire()), b(pool.Acquire());
  CHECK(a->index() != b->index());
  CHECK(pool.idle() == 0);
  const std::size_t freed = a->index();
  std::size_t got = 99;
  std::thread first([&] { got = pool.Acquire().index(); });
  while (pool.waiting() != 1) std::this_thread::yield();
  a.reset();
  first.join();
  CHECK(got == freed);  // handed over, then let go again by `first`
  CHECK(pool.idle() == 1);
}

TEST_CASE("web: a slot is given back when the call throws") {
  TempDir t;
  const std::unique_ptr<Store> store = ScratchStore(t);
  for (const std::size_t n : {std::size_t{1}, std::size_t{3}}) {
    CAPTURE(n);
    StorePool pool(std::vector<Store*>(n, store.get()), {});
    CHECK_THROWS_AS(
        [&] {
          const StorePool::Lease slot = pool.Acquire();
          throw std::runtime_error("the store call failed");
        }(),
        std::runtime_error);
    CHECK(pool.idle() == n);
    CHECK(pool.waiting() == 0);
  }
}

TEST_CASE("web: N slots serve N callers at once") {
  // Each caller holds its slot until all N hold one: the latch opens only when N slots are out
  // at the same time (with fewer the test would not finish).
  TempDir t;
  const std::unique_ptr<Store> store = ScratchStore(t);
  constexpr int kSlots = 4;
  StorePool pool(std::vector<Store*>(kSlots, store.get()), {});
  std::latch all_in(kSlots);
  std::mutex mu;
  std::vector<std::size_t> held;
  std::vector<std::thread> threads;
  for (int k = 0; k < kSlots; ++k) {
    threads.emplace_back([&] {
      const StorePool::Lease slot = pool.Acquire();
      {
        std::lock_guard lock(mu);
        held.push_back(slot.index());
      }
      all_in.arrive_and_wait();
    });
  }
  for (std::thread& th : threads) th.join();
  std::sort(held.begin(), held.end());
  CHECK(held == std::vector<std::size_t>{0, 1, 2, 3});
  CHECK(pool.idle() == kSlots);
}

TEST_CASE("web: serve opens store_connections connections on PostgreSQL, one on SQLite") {
  TempDir t;
  const std::unique_ptr<Store> store = ScratchStore(t);
  auto log = std::make_shared<spdlog::logger>("pool-test",
                                              std::make_shared<spdlog::sinks::null_sink_mt>());
  for (const int n : {1, 3}) {
    CAPTURE(n);
    ServeOptions o;
    o.port = 0;
    o.store_connections = n;
    int opened = 0;
    const WebServer server(*store, o, log, [&] {
      ++opened;
      return ScratchStore(t, false);
    });
    CHECK(opened == (Pg() ? n - 1 : 0));
  }
}

}  // namespace
}  // namespace jixiao
