#include "bench_floor.h"

#include <pthread.h>

#include <atomic>
#include <chrono>
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

}  // namespace balrog
