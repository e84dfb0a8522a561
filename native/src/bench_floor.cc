#include "bench_floor.h"

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <thread>
#include <vector>

#include "gate.h"
#include "isolate_scopes.h"
#include "thread_pool.h"

namespace balrog {

namespace {
double NanosPerRound(std::chrono::steady_clock::time_point start, uint32_t n) {
  auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(elapsed).count() / n;
}
}  // namespace

double MeasureIsolateHandoff(v8::Isolate* isolate, uint32_t n, bool parked) {
  const int spin = parked ? 0 : Gate::kMaxSpin;
  Gate to_helper;
  Gate to_main;
  bool stop = false;
  std::thread helper([&] {
    to_helper.Wait();
    v8::Locker locker(isolate);
    v8::Isolate::Scope scope(isolate);
    // V8 >= 12 (Node 24) makes handles when it gives this thread the isolate back.
    v8::HandleScope handles(isolate);
    for (;;) {
      IsolateRelease release(isolate);
      to_main.Open();
      to_helper.Wait(spin);
      if (stop) break;
    }
  });
  auto round = [&] {
    IsolateRelease release(isolate);
    to_helper.Open();
    to_main.Wait(spin);
  };
  for (int i = 0; i < 1000; i++) round();  // warm-up: thread init, spin budgets
  auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; i++) round();
  double result = NanosPerRound(start, n);
  {
    IsolateRelease release(isolate);
    stop = true;
    to_helper.Open();
    helper.join();
  }
  return result;
}

double MeasureSpinHandoff(uint32_t n) {
  Gate ping;
  Gate pong;
  ping.set_spin_budget(Gate::kMaxSpin);
  pong.set_spin_budget(Gate::kMaxSpin);
  std::thread helper([&] {
    for (uint32_t i = 0; i < n + 1000; i++) {
      ping.Wait();
      pong.Open();
    }
  });
  for (int i = 0; i < 1000; i++) {
    ping.Open();
    pong.Wait();
  }
  auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; i++) {
    ping.Open();
    pong.Wait();
  }
  double result = NanosPerRound(start, n);
  helper.join();
  return result;
}

double MeasureParkedHandoff(uint32_t n) {
  Gate ping;
  Gate pong;
  std::thread helper([&] {
    for (uint32_t i = 0; i < n + 100; i++) {
      ping.Wait(0);
      pong.Open();
    }
  });
  auto round = [&] {
    ping.Open();
    pong.Wait(0);
  };
  for (int i = 0; i < 100; i++) round();
  auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; i++) round();
  double result = NanosPerRound(start, n);
  helper.join();
  return result;
}

namespace {
struct ThreadStartFloor {
  Gate started;
  std::atomic<uint32_t> release{0};
};

void* ParkedThread(void* arg) {
  auto* floor = static_cast<ThreadStartFloor*>(arg);
  floor->started.Open();
  while (floor->release.load() == 0) {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&floor->release), FUTEX_WAIT_PRIVATE, 0, nullptr, nullptr, 0);
  }
  return nullptr;
}
}  // namespace

double MeasureThreadStart(uint32_t n) {
  UseGlobalFutexHash();  // as the pool does once it is this large
  ThreadStartFloor floor;
  std::vector<pthread_t> threads;
  threads.reserve(n);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, ThreadPool::kStackSize);
  auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; i++) {
    pthread_t thread;
    if (pthread_create(&thread, &attr, ParkedThread, &floor) != 0) break;
    threads.push_back(thread);
    floor.started.Wait(0);
  }
  double result = NanosPerRound(start, static_cast<uint32_t>(threads.size()));
  pthread_attr_destroy(&attr);
  floor.release.store(1);
  syscall(SYS_futex, reinterpret_cast<uint32_t*>(&floor.release), FUTEX_WAKE_PRIVATE, INT32_MAX, nullptr, nullptr, 0);
  for (pthread_t thread : threads) pthread_join(thread, nullptr);
  return threads.size() == n ? result : -1;
}

namespace {
struct ParkedFloorThread {
  Gate started;
  Gate wake;
  Gate answered;
};
// Never freed: an opener may still be in its futex wake on a gate when the
// waiter returns. A deque keeps the addresses of those already made.
std::deque<ParkedFloorThread>& ParkedThreads() {
  static auto* threads = new std::deque<ParkedFloorThread>();
  return *threads;
}

void* ParkedThreadMain(void* arg) {
  auto* thread = static_cast<ParkedFloorThread*>(arg);
  thread->started.Open();
  thread->wake.Wait(0);
  thread->answered.Open();
  return nullptr;
}
}  // namespace

int32_t StartParkedThread() {
  UseGlobalFutexHash();  // as the pool does once it is large
  ParkedFloorThread& parked = ParkedThreads().emplace_back();
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, ThreadPool::kStackSize);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  const int error = pthread_create(&thread, &attr, ParkedThreadMain, &parked);
  pthread_attr_destroy(&attr);
  if (error != 0) return -1;
  parked.started.Wait(0);
  return static_cast<int32_t>(ParkedThreads().size() - 1);
}

void WakeParkedThread(int32_t id) {
  if (id < 0 || static_cast<size_t>(id) >= ParkedThreads().size()) return;
  ParkedFloorThread& parked = ParkedThreads()[static_cast<size_t>(id)];
  parked.wake.Open();
  parked.answered.Wait(0);
}

namespace {
struct IsolatePassFloor {
  explicit IsolatePassFloor(v8::Isolate* isolate) : isolate(isolate) {}
  v8::Isolate* isolate;
  Gate to_helper;
  Gate to_main;
  bool stop = false;
  std::thread helper;
};
IsolatePassFloor* isolate_pass = nullptr;
}  // namespace

void IsolatePass(v8::Isolate* isolate) {
  if (isolate_pass == nullptr) {
    auto* floor = new IsolatePassFloor(isolate);
    floor->helper = std::thread([floor] {
      floor->to_helper.Wait(0);
      v8::Locker locker(floor->isolate);
      v8::Isolate::Scope scope(floor->isolate);
      v8::HandleScope handles(floor->isolate);  // as above
      for (;;) {
        IsolateRelease release(floor->isolate);
        floor->to_main.Open();
        floor->to_helper.Wait(0);
        if (floor->stop) break;
      }
    });
    isolate_pass = floor;
  }
  IsolateRelease release(isolate);
  isolate_pass->to_helper.Open();
  isolate_pass->to_main.Wait(0);
}

void StopIsolatePass() {
  if (isolate_pass == nullptr) return;
  {
    IsolateRelease release(isolate_pass->isolate);
    isolate_pass->stop = true;
    isolate_pass->to_helper.Open();
    isolate_pass->helper.join();
  }
  delete isolate_pass;
  isolate_pass = nullptr;
}

}  // namespace balrog
