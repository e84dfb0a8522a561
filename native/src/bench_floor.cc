#include "bench_floor.h"

#include <chrono>
#include <thread>

#include "gate.h"
#include "isolate_scopes.h"

namespace balrog {

namespace {
double NanosPerRound(std::chrono::steady_clock::time_point start, uint32_t n) {
  auto elapsed = std::chrono::steady_clock::now() - start;
  return std::chrono::duration<double, std::nano>(elapsed).count() / n;
}
}  // namespace

double MeasureIsolateHandoff(v8::Isolate* isolate, uint32_t n) {
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
      to_helper.Wait();
      if (stop) break;
    }
  });
  auto round = [&] {
    IsolateRelease release(isolate);
    to_helper.Open();
    to_main.Wait();
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

}  // namespace balrog
