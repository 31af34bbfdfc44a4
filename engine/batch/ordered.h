// engine/batch/ordered.h — work spread over threads, its results taken in the order it came.
//
// What a province's rescore needs: one thread reads the store in id order (a cursor is one
// thread's), worker threads decode and score, and the 汇总表 gets its rows in id order, the same
// bytes as a single-threaded run.
//
// Contract:
//  * Ordered<In, Out>(threads, work, take): Push(in) hands `in` to `work`, which runs on one of
//    `threads` worker threads, concurrently with the others (so `work` must be safe to run so).
//    `take` receives each Out in the order the items were pushed, always on the thread that calls
//    Push and Finish (so `take` needs no lock). Finish waits for every item and takes the rest.
//  * At most `window` items are pushed and not yet taken: Push waits when the window is full
//    (taking what is ready meanwhile), so memory stays bounded however many items come.
//  * threads <= 1: no thread is started; Push runs work and take at once (the same results).
//  * An exception thrown by `work` or `take` is rethrown from Push or Finish, on the calling
//    thread, in push order: the items before it are taken, none after it. The destructor stops
//    the workers (dropping what is queued) and joins them.
#ifndef JIXIAO_ENGINE_BATCH_ORDERED_H_
#define JIXIAO_ENGINE_BATCH_ORDERED_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace jixiao {

template <class In, class Out>
class Ordered {
 public:
  using Work = std::function<Out(In&&)>;
  using Take = std::function<void(Out&&)>;

  Ordered(int threads, Work work, Take take, std::size_t window = 256)
      : work_(std::move(work)), take_(std::move(take)), window_(window < 1 ? 1 : window) {
    for (int k = 0; threads > 1 && k < threads; ++k) workers_.emplace_back([this] { Serve(); });
  }
  ~Ordered() {
    {
      std::lock_guard l(mu_);
      stop_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : workers_) t.join();
  }
  Ordered(const Ordered&) = delete;
  Ordered& operator=(const Ordered&) = delete;

  void Push(In in) {
    if (workers_.empty()) {
      take_(work_(std::move(in)));
      return;
    }
    std::unique_lock l(mu_);
    for (;;) {
      TakeReady(l);
      if (pushed_ - taken_ < window_) break;
      done_ready_.wait(l);
    }
    queue_.emplace_back(pushed_++, std::move(in));
    l.unlock();
    work_ready_.notify_one();
  }

  void Finish() {
    if (workers_.empty()) return;
    std::unique_lock l(mu_);
    for (;;) {
      TakeReady(l);
      if (taken_ == pushed_) return;
      done_ready_.wait(l);
    }
  }

 private:
  struct Done {
    std::optional<Out> out;
    std::exception_ptr error;
  };

  // Holding `l`: takes every finished item that is next in order (unlocking around `take`).
  void TakeReady(std::unique_lock<std::mutex>& l) {
    for (auto it = done_.find(taken_); it != done_.end(); it = done_.find(taken_)) {
      Done d = std::move(it->second);
      done_.erase(it);
      ++taken_;
      l.unlock();
      if (d.error) std::rethrow_exception(d.error);  // `l` is unlocked: the caller's guard
      take_(std::move(*d.out));                      // (a unique_lock) then has nothing to do
      l.lock();
    }
  }

  void Serve() {
    for (;;) {
      std::unique_lock l(mu_);
      work_ready_.wait(l, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      auto [seq, in] = std::move(queue_.front());
      queue_.pop_front();
      l.unlock();
      Done d;
      try {
        d.out.emplace(work_(std::move(in)));
      } catch (...) {
        d.error = std::current_exception();
      }
      l.lock();
      done_.emplace(seq, std::move(d));
      l.unlock();
      done_ready_.notify_one();
    }
  }

  Work work_;
  Take take_;
  std::size_t window_;
  std::mutex mu_;
  std::condition_variable work_ready_, done_ready_;
  std::deque<std::pair<std::size_t, In>> queue_;
  std::map<std::size_t, Done> done_;
  std::size_t pushed_ = 0, taken_ = 0;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_BATCH_ORDERED_H_
