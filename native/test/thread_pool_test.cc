// ThreadPool: fibers' threads, reused after release, with large stacks.
#include "../src/thread_pool.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "check.h"

using balrog::ThreadPool;
using balrog::Worker;

namespace {
struct Job {
  balrog::Gate done;
  std::atomic<int> runs{0};
  uintptr_t stack_low = 0;
  uintptr_t local_address = 0;
};

void Body(Worker& worker, void* arg) {
  auto* job = static_cast<Job*>(arg);
  int local = 0;
  job->local_address = reinterpret_cast<uintptr_t>(&local);
  job->stack_low = worker.stack_low();
  job->runs++;
  job->done.Open(1);
}

// Runs one job and waits for it like the resumer does; releases the thread.
Worker* RunOne(Job& job) {
  Worker* worker = nullptr;
  bool woke = false;
  CHECK(ThreadPool::Get().Run(Body, &job, &worker, &woke));
  CHECK(worker != nullptr);
  CHECK(job.done.Wait() == 1);
  ThreadPool::Get().Release(*worker);
  return worker;
}
}  // namespace

// A job runs once, on a thread whose stack is the pool's 4 MiB one.
void RunsOnLargeStack() {
  Job job;
  RunOne(job);
  CHECK(job.runs == 1);
  CHECK(job.stack_low != 0);
  CHECK(job.local_address > job.stack_low);
  CHECK(job.local_address - job.stack_low > ThreadPool::kStackSize - 64 * 1024);
  CHECK(job.local_address - job.stack_low <= ThreadPool::kStackSize);
}

// A released thread takes the next job: no new thread per job.
void ReusesReleasedThreads() {
  Job warm;
  RunOne(warm);
  const size_t threads = ThreadPool::Get().stats().threads;
  for (int i = 0; i < 100; i++) {
    Job job;
    RunOne(job);
    CHECK(job.runs == 1);
  }
  CHECK(ThreadPool::Get().stats().threads == threads);
  CHECK(ThreadPool::Get().stats().idle >= 1);
}

// Polls `done` for up to `limit` (the keeper works on a clock of its own).
template <typename Done>
bool Eventually(Done done, std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Jobs that overlap get threads of their own. Released, all stay idle through
// the burst; those still idle a trim interval later end, down to the idle cap.
void OverlappingJobsAndIdleCap() {
  constexpr size_t kOverlap = ThreadPool::kMaxIdle + 8;
  std::vector<Worker*> workers(kOverlap);
  std::vector<Job> jobs(kOverlap);
  for (size_t i = 0; i < kOverlap; i++) {
    bool woke = false;
    CHECK(ThreadPool::Get().Run(Body, &jobs[i], &workers[i], &woke));
  }
  for (size_t i = 0; i < kOverlap; i++) CHECK(jobs[i].done.Wait() == 1);
  for (size_t i = 0; i < kOverlap; i++) ThreadPool::Get().Release(*workers[i]);
  CHECK(ThreadPool::Get().stats().idle >= kOverlap);
  CHECK(Eventually([] {
    ThreadPool::Stats stats = ThreadPool::Get().stats();
    return stats.idle == ThreadPool::kMaxIdle && stats.threads == ThreadPool::kMaxIdle;
  }));
}

// Many jobs at once make the keeper start spare threads ahead of need: later
// jobs find a parked thread instead of waiting for a new one.
void SparesWhileThePoolGrows() {
  const ThreadPool::Stats before = ThreadPool::Get().stats();
  const size_t overlap = before.threads + ThreadPool::kBusyForSpares + 8;
  std::vector<Worker*> workers(overlap);
  std::vector<Job> jobs(overlap);
  for (size_t i = 0; i < overlap; i++) {
    bool woke = false;
    CHECK(ThreadPool::Get().Run(Body, &jobs[i], &workers[i], &woke));
    CHECK(jobs[i].done.Wait() == 1);  // each job ends, its thread stays busy until released
  }
  CHECK(ThreadPool::Get().stats().spares_made > before.spares_made);
  // The spares join the idle list once running.
  CHECK(Eventually([] { return ThreadPool::Get().stats().idle > 0; }));
  for (size_t i = 0; i < overlap; i++) {
    CHECK(jobs[i].runs == 1);
    ThreadPool::Get().Release(*workers[i]);
  }
}

// A detached thread runs main(arg) with the stack size asked for, or the system's default.
// Run last, with a size no other thread here has: glibc reuses an exited thread's
// stack for a new one that asks for up to four times less, so an 8 MiB stack
// freed before the pool's first thread starts could become that thread's.
void DetachedThreadsGetTheirStackSize() {
  struct Started {
    balrog::Gate done;
    size_t stack_size = 0;
  };
  auto main = [](void* arg) -> void* {
    auto* started = static_cast<Started*>(arg);
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstacksize(&attr, &started->stack_size);
      pthread_attr_destroy(&attr);
    }
    started->done.Open(1);
    return nullptr;
  };
  Started asked;
  CHECK(balrog::StartDetachedThread(main, &asked, 256 * 1024));
  CHECK(asked.done.Wait(0) == 1);
  CHECK(asked.stack_size == 256 * 1024);
  Started by_default;
  CHECK(balrog::StartDetachedThread(main, &by_default));
  CHECK(by_default.done.Wait(0) == 1);
  CHECK(by_default.stack_size != 0);
  CHECK(by_default.stack_size != 256 * 1024);
}

int main() {
  RunsOnLargeStack();
  ReusesReleasedThreads();
  OverlappingJobsAndIdleCap();
  SparesWhileThePoolGrows();
  DetachedThreadsGetTheirStackSize();
  return balrog::test::Finish();
}
