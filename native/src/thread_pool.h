// A pool of OS threads with large stacks, on which fibers run. V8-free.
//
// One fiber runs on one thread from start to finish (V8 cannot move a JS stack
// between threads). A finished fiber's thread goes back to the pool, so the
// usual pattern, a short-lived fiber per request, pays for thread creation once.
// A keeper thread does the pool's slow work off the event loop's path: it starts
// spare threads while many fibers are busy, and ends the threads a burst left
// idle once they have stayed idle a while (thread_pool.cc).
#ifndef BALROG_THREAD_POOL_H_
#define BALROG_THREAD_POOL_H_

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include "gate.h"

namespace balrog {

class Worker;
using Job = void (*)(Worker& worker, void* arg);

class Worker {
 public:
  // The gate this thread waits on: for its next job, and for each resume of a fiber.
  // (The resumer waits on a gate of its own thread: fiber.h, Reply.)
  Gate& inbox() { return inbox_; }
  // The lowest usable address of this thread's stack.
  uintptr_t stack_low() const { return stack_low_; }

 private:
  friend class ThreadPool;
  static void* Main(void* self);

  Gate inbox_;
  // Started ahead of need by the pool's keeper: joins the idle list itself once running.
  bool spare_ = false;
  Job job_ = nullptr;
  void* arg_ = nullptr;
  bool exit_ = false;
  uintptr_t stack_low_ = 0;
};

// Starts a detached thread running main(arg), with stack_size bytes of stack
// (0: the system's default). False when the OS refuses it (its thread limit).
bool StartDetachedThread(void* (*main)(void*), void* arg, size_t stack_size = 0);

// Moves the process's private futexes to the kernel's global hash (Linux >= 6.16;
// a no-op before), once. Blocks for a grace period: the pool calls it on a thread
// of its own when it grows large. See thread_pool.cc.
void UseGlobalFutexHash();

class ThreadPool {
 public:
  static constexpr size_t kStackSize = 4 * 1024 * 1024;
  // Idle threads kept for good. More stay idle after a burst, until the keeper
  // ends those that stayed idle for a whole kTrimInterval.
  static constexpr size_t kMaxIdle = 256;
  static constexpr std::chrono::milliseconds kTrimInterval{1000};
  // Spare threads: once this many threads are busy at once, the keeper starts
  // threads ahead of need, keeping about kSpares idle while the pool grows.
  static constexpr size_t kBusyForSpares = 16;
  static constexpr size_t kSpares = 16;

  // The process-wide pool. It is never destroyed: at process exit, parked threads
  // are simply ended by the OS, with nothing joined and no destructor racing them.
  static ThreadPool& Get();

  // Runs job(worker, arg) on a pooled thread; *assigned is set to the worker
  // before the job starts, and *woke tells whether that thread was parked (see
  // Gate::Open). Returns false when no thread could be created (the OS thread limit).
  bool Run(Job job, void* arg, Worker** assigned, bool* woke);

  // Called once the job is over and nobody touches the worker any more (by the
  // job's waiter, or by the job's own thread at its very end): the worker waits
  // idle for its next job (or ends, if the keeper trims it, see kMaxIdle).
  void Release(Worker& worker);

  struct Stats {
    size_t threads;
    // Threads with no job: parked in the pool, or spares the keeper is still starting
    // (the keeper starts them while fibers run, and they have no job on arrival).
    size_t idle;
    // Threads the keeper started ahead of need, in all.
    size_t spares_made;
  };
  Stats stats();

 private:
  friend class Worker;  // a spare joins the idle list itself (AddSpare)
  ThreadPool() = default;
  // Starts a thread for `worker`; false at the OS thread limit. Needs no lock.
  static bool StartThread(Worker* worker);
  // The rest need the lock held.
  void NoteThreadStarted();
  // Starts the keeper thread the first time; false if the OS refused it.
  bool KeeperRunning();
  void Keep(std::unique_lock<std::mutex>& lock);
  void MakeSpares(std::unique_lock<std::mutex>& lock);
  void EndIdleSinceLastTrim(std::unique_lock<std::mutex>& lock);
  // A spare's first act: join the idle list (true), or end if it is full.
  bool AddSpare(Worker* worker);

  std::mutex mutex_;
  std::vector<Worker*> idle_;  // the most recently idle last
  size_t threads_ = 0;
  size_t spares_starting_ = 0;  // counted in threads_, not yet in idle_
  size_t spares_made_ = 0;
  // The fewest idle threads since the last trim: the ones below it (the front of
  // idle_) were idle for the whole interval.
  size_t idle_low_ = 0;
  enum class Keeper { kNone, kRunning, kRefused } keeper_ = Keeper::kNone;
  bool spares_wanted_ = false;
  std::condition_variable keeper_wake_;
};

}  // namespace balrog

#endif  // BALROG_THREAD_POOL_H_
