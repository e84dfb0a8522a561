// Gate: a one-waiter, one-opener hand-off that spins, then parks on a futex.
#include "../src/gate.h"

#include <sched.h>

#include <chrono>
#include <thread>

#include "check.h"

using balrog::Gate;

// An open before the wait is not lost, and the word travels with it.
void OpenBeforeWait() {
  Gate gate;
  CHECK(!gate.Open(42));  // nobody parked
  CHECK(gate.Wait() == 42);
}

// A waiter that had to park is woken, and the opener is told it was parked.
void ParkedWaiterIsWoken() {
  Gate gate;
  gate.set_spin_budget(0);
  uint32_t got = 0;
  std::thread waiter([&] { got = gate.Wait(0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // long enough to park
  CHECK(gate.Open(7));
  waiter.join();
  CHECK(got == 7);
}

// The gate closes again after each pass: two rounds need two opens.
void ClosesAfterEachPass() {
  Gate gate;
  gate.Open(1);
  CHECK(gate.Wait() == 1);
  bool second = false;
  std::thread waiter([&] {
    gate.Wait();
    second = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(!second);
  gate.Open(2);
  waiter.join();
  CHECK(second);
}

// Ping-pong between two threads through a pair of gates: every round arrives,
// in order, whether the sides spin or park (no lost wake-up, no Dekker race).
void PingPong() {
  Gate ping;
  Gate pong;
  constexpr uint32_t kRounds = 200000;
  uint32_t errors = 0;
  std::thread peer([&] {
    for (uint32_t i = 1; i <= kRounds; i++) {
      if (ping.Wait() != (i & 0xff)) errors++;
      pong.Open(i & 0xff);
    }
  });
  for (uint32_t i = 1; i <= kRounds; i++) {
    ping.Open(i & 0xff);
    if (pong.Wait() != (i & 0xff)) errors++;
  }
  peer.join();
  CHECK(errors == 0);
}

// A Handoff() to a waiter parked a while wakes it pinned to the opener's CPU (with
// two CPUs or more), and the waiter is back on the whole process mask when its
// wait returns; a plain Open() never pins.
void HandoffPinsOnlyUntilTheWaitReturns() {
  cpu_set_t process;
  sched_getaffinity(0, sizeof(process), &process);
  for (bool handoff : {true, false}) {
    Gate gate;
    gate.set_spin_budget(0);
    cpu_set_t after;
    CPU_ZERO(&after);
    std::thread waiter([&] {
      gate.Wait(0);
      sched_getaffinity(0, sizeof(after), &after);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // parked, and longer than kLocalWakeAfterNs
    const uint64_t before = balrog::gate_counters.local_wakes.load();
    CHECK(handoff ? gate.Handoff(3) : gate.Open(3));
    waiter.join();
    const uint64_t pinned = balrog::gate_counters.local_wakes.load() - before;
    CHECK(pinned == (handoff && balrog::LocalWakes() ? 1u : 0u));
    CHECK(CPU_EQUAL(&after, &process));
  }
}

int main() {
  OpenBeforeWait();
  ParkedWaiterIsWoken();
  ClosesAfterEachPass();
  PingPong();
  HandoffPinsOnlyUntilTheWaitReturns();
  return balrog::test::Finish();
}
