#include "thread_pool.h"

#include <dlfcn.h>
#include <sys/prctl.h>

#include <mutex>
#include <thread>

namespace balrog {

namespace {
// The pool's threads run this library's code for the rest of the process. Node
// unloads an addon (dlclose) when the last environment that loaded it ends, for
// example a worker_thread that was the only user of balrog: parked pool threads
// then ran unmapped code (a segfault at exit, or when the worker ended). So the
// library pins itself once it has threads.
void PinThisLibrary() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinThisLibrary), &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
  }
}

// Since Linux 6.16 a process's private futexes live in a hash of its own, sized
// by min(threads, CPUs) x 4 at thread creation: 16 buckets on a 2-core machine,
// however many threads wait. Every parked fiber thread waits on a futex, so with
// 10,000 suspended fibers each futex wake or wait walked a chain of ~600 waiters
// (measured with bare threads: a wake round trip of 180-620 us instead of
// 120-170 us). The global hash (what every kernel before 6.16 used, sized by CPU
// count x 256) keeps chains short. Older kernels reject the call; nothing to do there.
// The switch blocks its caller for a grace period (17 ms measured), so it is made
// once the pool is large enough for chains to matter, on a thread of its own.
constexpr size_t kThreadsForGlobalFutexHash = 128;

}  // namespace

bool StartDetachedThread(void* (*main)(void*), void* arg, size_t stack_size) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  if (stack_size != 0) pthread_attr_setstacksize(&attr, stack_size);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int error = pthread_create(&thread, &attr, main, arg);
  pthread_attr_destroy(&attr);
  return error == 0;
}

void UseGlobalFutexHash() {
  static std::once_flag once;
  std::call_once(once, [] {
#ifndef PR_FUTEX_HASH
    constexpr int PR_FUTEX_HASH = 78;
    constexpr int PR_FUTEX_HASH_SET_SLOTS = 1;
#endif
    prctl(PR_FUTEX_HASH, PR_FUTEX_HASH_SET_SLOTS, 0, 0, 0);
  });
}

ThreadPool& ThreadPool::Get() {
  static ThreadPool* pool = [] {
    PinThisLibrary();
    return new ThreadPool();  // leaked on purpose, see the header
  }();
  return *pool;
}

void* Worker::Main(void* self) {
  Worker* worker = static_cast<Worker*>(self);
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* low = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &low, &size);
    worker->stack_low_ = reinterpret_cast<uintptr_t>(low);
    pthread_attr_destroy(&attr);
  }
  if (worker->spare_ && !ThreadPool::Get().AddSpare(worker)) {
    delete worker;
    return nullptr;
  }
  for (;;) {
    worker->inbox_.Wait();
    if (worker->exit_) break;
    worker->job_(*worker, worker->arg_);
  }
  delete worker;
  return nullptr;
}

bool ThreadPool::StartThread(Worker* worker) { return StartDetachedThread(Worker::Main, worker, kStackSize); }

bool ThreadPool::Run(Job job, void* arg, Worker** assigned, bool* woke) {
  Worker* worker = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      worker = idle_.back();
      idle_.pop_back();
    }
    idle_low_ = std::min(idle_low_, idle_.size());
    // Counting the thread this job is about to get.
    const size_t busy = threads_ + (worker == nullptr ? 1 : 0) - idle_.size() - spares_starting_;
    if (busy >= kBusyForSpares && idle_.size() + spares_starting_ < kSpares / 2 && !spares_wanted_ && KeeperRunning()) {
      spares_wanted_ = true;
      keeper_wake_.notify_one();
    }
  }
  const bool created = worker == nullptr;
  if (created) {
    worker = new Worker();
    if (!StartThread(worker)) {
      delete worker;
      return false;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    NoteThreadStarted();
  }
  worker->job_ = job;
  worker->arg_ = arg;
  *assigned = worker;
  // A thread just created is as far from running as a parked one: the kernel
  // has yet to schedule it, so its starter must not spin through that either.
  *woke = worker->inbox_.Handoff() || created;
  return true;
}

void ThreadPool::Release(Worker& worker) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < kMaxIdle || KeeperRunning()) {
    idle_.push_back(&worker);
    // The first thread over the cap starts the keeper's trim clock.
    if (idle_.size() == kMaxIdle + 1) keeper_wake_.notify_one();
    return;
  }
  threads_--;
  worker.exit_ = true;
  worker.inbox_.Open();  // seen by the worker's own next Wait(): it ends its loop
}

void ThreadPool::NoteThreadStarted() {
  if (++threads_ == kThreadsForGlobalFutexHash) std::thread(UseGlobalFutexHash).detach();
}

bool ThreadPool::KeeperRunning() {
  if (keeper_ != Keeper::kNone) return keeper_ == Keeper::kRunning;
  const bool started = StartDetachedThread(
      [](void*) -> void* {
        ThreadPool& pool = ThreadPool::Get();
        std::unique_lock<std::mutex> lock(pool.mutex_);
        pool.Keep(lock);
        return nullptr;
      },
      nullptr);
  // Refused (the OS thread limit): the pool goes on without spares, ending threads over the cap at once.
  keeper_ = started ? Keeper::kRunning : Keeper::kRefused;
  return keeper_ == Keeper::kRunning;
}

// Why a keeper: a thread start costs 0.15-0.3 ms on the project's VMs (clone,
// page tables, the new thread's first run), and done on the isolate's thread it
// stalled each new fiber that suspends: 10,000 suspended requests took 9.1-9.5 s,
// 7.7-8.3 s with spares (A/B pairs). A thread that ends unmaps its stack, a TLB
// shootdown on every CPU: ending those over the cap as 10,000 fibers finished cost
// ~40 us per fiber on the isolate's path. So threads start while the isolate's
// thread runs JavaScript, and a burst's threads end once the burst is over.
void ThreadPool::Keep(std::unique_lock<std::mutex>& lock) {
  using Clock = std::chrono::steady_clock;
  Clock::time_point trim_at = Clock::time_point::max();
  for (;;) {
    if (spares_wanted_) MakeSpares(lock);
    if (idle_.size() <= kMaxIdle) {
      trim_at = Clock::time_point::max();
      keeper_wake_.wait(lock);
      continue;
    }
    const Clock::time_point now = Clock::now();
    if (trim_at == Clock::time_point::max()) {
      // A new burst's threads: idle from now on, they are ended at the next trim if still idle.
      idle_low_ = idle_.size();
      trim_at = now + kTrimInterval;
    } else if (now >= trim_at) {
      EndIdleSinceLastTrim(lock);
      idle_low_ = idle_.size();
      trim_at = now + kTrimInterval;
    }
    keeper_wake_.wait_until(lock, trim_at);
  }
}

void ThreadPool::MakeSpares(std::unique_lock<std::mutex>& lock) {
  while (idle_.size() + spares_starting_ < kSpares) {
    // Counted before it starts: it may join the idle list before this thread runs again.
    spares_starting_++;
    spares_made_++;
    NoteThreadStarted();
    lock.unlock();
    Worker* spare = new Worker();
    spare->spare_ = true;
    const bool started = StartThread(spare);
    if (!started) delete spare;
    lock.lock();
    if (!started) {
      spares_starting_--;
      spares_made_--;
      threads_--;
      break;
    }
  }
  spares_wanted_ = false;
}

void ThreadPool::EndIdleSinceLastTrim(std::unique_lock<std::mutex>& lock) {
  // Those idle the whole interval are the front of idle_; the most recent kMaxIdle stay.
  const size_t ending = std::min(std::min(idle_low_, idle_.size()), idle_.size() - kMaxIdle);
  std::vector<Worker*> ended(idle_.begin(), idle_.begin() + static_cast<std::ptrdiff_t>(ending));
  idle_.erase(idle_.begin(), idle_.begin() + static_cast<std::ptrdiff_t>(ending));
  threads_ -= ending;
  // A wake-up each: not with the lock held, which the event loop's thread may need meanwhile.
  lock.unlock();
  for (Worker* worker : ended) {
    worker->exit_ = true;
    worker->inbox_.Open();  // seen by the worker's own next Wait(): it ends its loop
  }
  lock.lock();
}

bool ThreadPool::AddSpare(Worker* worker) {
  std::lock_guard<std::mutex> lock(mutex_);
  spares_starting_--;
  if (idle_.size() >= kMaxIdle) {
    threads_--;
    return false;
  }
  idle_.push_back(worker);
  return true;
}

ThreadPool::Stats ThreadPool::stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return {threads_, idle_.size() + spares_starting_, spares_made_};
}

}  // namespace balrog
