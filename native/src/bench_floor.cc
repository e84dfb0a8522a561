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

// A bare helper thread the isolate is passed to and back, with the scoped
// Unlocker/Locker and gates a fiber's hand-offs use and no JavaScript. Its gates
// spin at most `spin` rounds (0: every hand-off parks, as a request's fiber's do).
class IsolatePassFloor {
 public:
  IsolatePassFloor(v8::Isolate* isolate, int spin) : isolate_(isolate), spin_(spin) {
    helper_ = std::thread([this] {
      to_helper_.Wait(spin_);
      v8::Locker locker(isolate_);
      v8::Isolate::Scope scope(isolate_);
      // V8 >= 12 (Node 24) makes handles when it gives this thread the isolate back.
      v8::HandleScope handles(isolate_);
      for (;;) {
        IsolateRelease release(isolate_);
        to_main_.Handoff();
        to_helper_.Wait(spin_);
        if (stop_) break;
      }
    });
  }

  // One round trip of the isolate; the caller holds it.
  void Round() {
    IsolateRelease release(isolate_);
    to_helper_.Handoff();
    to_main_.Wait(spin_);
  }

  // Ends the helper; the caller holds the isolate. Needed before the isolate is disposed.
  void Stop() {
    IsolateRelease release(isolate_);
    stop_ = true;
    to_helper_.Open();
    helper_.join();
  }

 private:
  v8::Isolate* isolate_;
  const int spin_;
  Gate to_helper_;
  Gate to_main_;
  bool stop_ = false;
  std::thread helper_;
};
}  // namespace

double MeasureIsolateHandoff(v8::Isolate* isolate, uint32_t n, bool parked) {
  IsolatePassFloor floor(isolate, parked ? 0 : Gate::kMaxSpin);
  for (int i = 0; i < 1000; i++) floor.Round();  // warm-up: thread init, spin budgets
  auto start = std::chrono::steady_clock::now();
  for (uint32_t i = 0; i < n; i++) floor.Round();
  double result = NanosPerRound(start, n);
  floor.Stop();
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
      pong.Handoff();
    }
  });
  auto round = [&] {
    ping.Handoff();
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
  thread->answered.Handoff();
  return nullptr;
}
}  // namespace

int32_t StartParkedThread() {
  UseGlobalFutexHash();  // as the pool does once it is large
  ParkedFloorThread& parked = ParkedThreads().emplace_back();
  if (!StartDetachedThread(ParkedThreadMain, &parked, ThreadPool::kStackSize)) return -1;
  parked.started.Wait(0);
  return static_cast<int32_t>(ParkedThreads().size() - 1);
}

void WakeParkedThread(int32_t id) {
  if (id < 0 || static_cast<size_t>(id) >= ParkedThreads().size()) return;
  ParkedFloorThread& parked = ParkedThreads()[static_cast<size_t>(id)];
  parked.wake.Handoff();
  parked.answered.Wait(0);
}

namespace {
// One helper per helper number asked for, each started at its first round.
std::vector<IsolatePassFloor*> isolate_passes;
}  // namespace

void IsolatePass(v8::Isolate* isolate, uint32_t helper) {
  if (helper >= isolate_passes.size()) isolate_passes.resize(helper + 1, nullptr);
  if (isolate_passes[helper] == nullptr) isolate_passes[helper] = new IsolatePassFloor(isolate, 0);
  isolate_passes[helper]->Round();
}

void StopIsolatePass() {
  for (IsolatePassFloor* floor : isolate_passes) {
    if (floor == nullptr) continue;
    floor->Stop();
    delete floor;
  }
  isolate_passes.clear();
}

}  // namespace balrog
