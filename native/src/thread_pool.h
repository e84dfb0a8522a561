// A pool of OS threads with large stacks, on which fibers run. V8-free.
//
// One fiber runs on one thread from start to finish (V8 cannot move a JS stack
// between threads). A finished fiber's thread goes back to the pool, so the
// usual pattern, a short-lived fiber per request, pays for thread creation once.
#ifndef BALROG_THREAD_POOL_H_
#define BALROG_THREAD_POOL_H_

#include <pthread.h>

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
  Job job_ = nullptr;
  void* arg_ = nullptr;
  bool exit_ = false;
  uintptr_t stack_low_ = 0;
};

// Moves the process's private futexes to the kernel's global hash (Linux >= 6.16;
// a no-op before), once. Blocks for a grace period: the pool calls it on a thread
// of its own when it grows large. See thread_pool.cc.
void UseGlobalFutexHash();

class ThreadPool {
 public:
  static constexpr size_t kStackSize = 4 * 1024 * 1024;
  static constexpr size_t kMaxIdle = 256;

  // The process-wide pool. It is never destroyed: at process exit, parked threads
  // are simply ended by the OS, with nothing joined and no destructor racing them.
  static ThreadPool& Get();

  // Runs job(worker, arg) on a pooled thread; *assigned is set to the worker
  // before the job starts, and *woke tells whether that thread was parked (see
  // Gate::Open). Returns false when no thread could be created (the OS thread limit).
  bool Run(Job job, void* arg, Worker** assigned, bool* woke);

  // Called once the job is over and nobody touches the worker any more (by the
  // job's waiter, or by the job's own thread at its very end): the worker takes
  // its next job from the pool (or ends and frees itself, if enough are idle).
  void Release(Worker& worker);

  struct Stats {
    size_t threads;
    size_t idle;
  };
  Stats stats();

 private:
  ThreadPool() = default;
  std::mutex mutex_;
  std::vector<Worker*> idle_;
  size_t threads_ = 0;
};

}  // namespace balrog

#endif  // BALROG_THREAD_POOL_H_
