// StorePool (engine/web/store_pool.h): slots handed over directly from the one who lets go to
// the first waiter, waking that waiter alone (one thread switch per hand-over).
#include "engine/web/store_pool.h"

#include <stdexcept>

namespace jixiao {

StorePool::StorePool(const std::vector<Store*>& stores, const PolicyOptions& policies) {
  if (stores.empty()) throw std::invalid_argument("StorePool: no store");  // Acquire would hang
  for (Store* s : stores) slots_.push_back(std::make_unique<Slot>(Slot{*s, PolicySet(policies)}));
  // Taken from the back: slot 0 first, so that a pool that is never busy uses one connection.
  for (std::size_t i = slots_.size(); i > 0; --i) free_.push_back(i - 1);
}

StorePool::Lease StorePool::Acquire() {
  std::unique_lock guard(mu_);
  if (waiters_.empty() && !free_.empty()) {
    const std::size_t slot = free_.back();
    free_.pop_back();
    return Lease(*this, slot);
  }
  Waiter me;
  waiters_.push_back(&me);
  me.turn.wait(guard, [&] { return me.granted.has_value(); });
  return Lease(*this, *me.granted);
}

void StorePool::Release(std::size_t slot) {
  std::lock_guard guard(mu_);
  if (waiters_.empty()) {
    free_.push_back(slot);
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->granted = slot;
  next->turn.notify_one();  // under mu_: `next` lives on its thread's stack until it wakes
}

std::size_t StorePool::waiting() {
  std::lock_guard guard(mu_);
  return waiters_.size();
}

std::size_t StorePool::idle() {
  std::lock_guard guard(mu_);
  return free_.size();
}

}  // namespace jixiao
