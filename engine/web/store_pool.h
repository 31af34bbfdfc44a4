// engine/web/store_pool.h — the stores `jixiao serve` runs its store calls on, handed out first
// come first served: one slot on SQLite (one connection, calls one at a time), several on
// PostgreSQL (a connection each, calls side by side).
//
// Contract:
//  * A slot is one Store (its own connection) with what lives beside it and is not thread-safe:
//    the PolicySet that scoring caches parsed policies in. A slot is used by one thread at a
//    time, between Acquire and the end of its Lease (however the lease ends: an exception too).
//  * Acquire lets callers in in the order they came: a free slot goes to the first waiter alone,
//    never to a later caller (with one slot this is a fair mutex: under load every call waits for
//    the ones before it and no longer, where std::mutex lets a late one overtake and leaves
//    another waiting many turns, the long tail of a save's latency).
//  * Nothing of the store's data is kept across calls here: each call reads what it needs from
//    its own connection, so a write through one slot is seen by the next call on any other (as
//    it is by another `jixiao serve` process on the same database).
#ifndef JIXIAO_ENGINE_WEB_STORE_POOL_H_
#define JIXIAO_ENGINE_WEB_STORE_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "engine/batch/policies.h"
#include "engine/store/store.h"

namespace jixiao {

class StorePool {
 public:
  struct Slot {
    Store& store;
    PolicySet policies;  // the slot's own cache of parsed policies
  };

  // A slot held until the lease ends; then the first waiter (if any) gets it.
  class Lease {
   public:
    Lease(StorePool& pool, std::size_t slot) : pool_(&pool), slot_(slot) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), slot_(o.slot_) { o.pool_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (pool_) pool_->Release(slot_);
    }
    Slot& operator*() const { return *pool_->slots_[slot_]; }
    Slot* operator->() const { return pool_->slots_[slot_].get(); }
    std::size_t index() const { return slot_; }

   private:
    StorePool* pool_;
    std::size_t slot_;
  };

  // A slot per store (at least one; the stores must outlive the pool), each with its own
  // PolicySet of `policies`.
  StorePool(const std::vector<Store*>& stores, const PolicyOptions& policies);

  // Waits, in the order of arrival, for a free slot.
  Lease Acquire();
  std::size_t size() const { return slots_.size(); }
  // The first slot's store outside any lease, for what uses no connection and is thread-safe
  // (Store::CheckPassword: hashing, done after the slot is let go).
  Store& unleased() { return slots_.front()->store; }
  // How many wait for a slot now, and how many slots nobody holds (for tests).
  std::size_t waiting();
  std::size_t idle();

 private:
  struct Waiter {
    std::condition_variable turn;
    std::optional<std::size_t> granted;
  };
  void Release(std::size_t slot);

  std::vector<std::unique_ptr<Slot>> slots_;
  std::mutex mu_;
  std::vector<std::size_t> free_;  // slots nobody holds (none while anyone waits)
  std::deque<Waiter*> waiters_;    // in the order they came
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_WEB_STORE_POOL_H_
