// Ordered (engine/batch/ordered.h): results taken in push order whatever the workers' order,
// the window bounding what is in flight, and an exception of the work rethrown in push order.
#include "engine/batch/ordered.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace jixiao {
namespace {

TEST_CASE("ordered: results in push order on 1, 2 and 7 threads") {
  for (const int threads : {1, 2, 7}) {
    CAPTURE(threads);
    std::vector<int> taken;
    std::atomic<int> running{0}, most{0};
    {
      Ordered<int, std::string> o(
          threads,
          [&](int&& k) {
            const int now = ++running;
            for (int m = most; now > m && !most.compare_exchange_weak(m, now);) {
            }
            // Later items finish first: item k sleeps (9 - k % 10) × 100 µs.
            std::this_thread::sleep_for(std::chrono::microseconds(100 * (9 - k % 10)));
            --running;
            return std::to_string(k * k);
          },
          [&](std::string&& s) { taken.push_back(std::stoi(s)); }, /*window=*/8);
      for (int k = 0; k < 200; ++k) o.Push(int(k));
      o.Finish();
    }
    REQUIRE(taken.size() == 200);
    for (int k = 0; k < 200; ++k) CHECK(taken[k] == k * k);
    CHECK(most <= (threads <= 1 ? 1 : threads));
  }
}

TEST_CASE("ordered: no more than the window pushed and not taken") {
  std::atomic<int> pushed{0};
  int taken = 0, widest = 0;
  Ordered<int, int> o(
      2, [&](int&& k) { return k; },
      [&](int&&) {
        ++taken;
        widest = std::max(widest, pushed.load() - taken);
      },
      /*window=*/4);
  for (int k = 0; k < 100; ++k) {
    o.Push(int(k));
    ++pushed;
  }
  o.Finish();
  CHECK(taken == 100);
  // At a take, at most the window's 4 items were pushed and not yet taken (the one being taken
  // counted as taken).
  CHECK(widest <= 4);
}

TEST_CASE("ordered: the work's exception comes back in push order, after the items before it") {
  for (const int threads : {1, 3}) {
    CAPTURE(threads);
    std::vector<int> taken;
    bool threw = false;
    try {
      Ordered<int, int> o(
          threads,
          [](int&& k) {
            if (k == 37) throw std::runtime_error("item 37");
            return k;
          },
          [&](int&& k) { taken.push_back(k); });
      for (int k = 0; k < 100; ++k) o.Push(int(k));
      o.Finish();
    } catch (const std::runtime_error& e) {
      threw = std::string(e.what()) == "item 37";
    }
    CHECK(threw);
    REQUIRE(taken.size() == 37);
    for (int k = 0; k < 37; ++k) CHECK(taken[k] == k);
  }
}

}  // namespace
}  // namespace jixiao
