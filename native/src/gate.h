// A one-waiter, one-opener hand-off gate that spins briefly, then parks.
//
// Why not a condition variable: a condvar hand-off costs 15-25 us per round trip on
// the project's VMs (docs/design/fiber-core.md), an order of magnitude above a spinning hand-off.
// Why not spin only: a fiber that waits on I/O would burn a core, and on a loaded
// 2-core machine a long spin steals the CPU the event loop needs. So each gate
// adapts its spin budget to how its last waits ended: waits that were answered
// while spinning grow it, waits that had to park shrink it, so a thread that is
// usually resumed by I/O stops spinning quickly. And a thread that has just woken
// a parked peer does not spin at all while it waits for that peer's answer: the
// peer needs tens of microseconds to be scheduled (measured: spinning through that
// cost ~100 us of CPU per resume of a fiber that waited on a timer). Nobody spins
// when the process has a single CPU to run on (cpu_budget.h): the peer cannot run
// while its waiter spins. A hand-off (Handoff) wakes a parked peer on the waker's
// own CPU (local_wake.h), and the waker then parks without spinning, so the CPU is
// the peer's at once.
//
// All operations are sequentially consistent on purpose: a spin-then-park gate
// built from release/acquire pairs hung in the prototype (a Dekker race where both
// sides read the other's stale flag).
//
// This file is V8-free.
#ifndef BALROG_GATE_H_
#define BALROG_GATE_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <ctime>

// Linux only (futexes), as the package is: a fallback that no machine of ours runs
// would be untested code in the most delicate place.
#if !defined(__linux__)
#error "@balrog/fiber supports Linux only"
#endif
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cpu_budget.h"
#include "local_wake.h"

namespace balrog {

inline void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

// Process-wide counts of waits that parked in the kernel, and of opens that had
// to wake a parked waiter: what each switch really cost (benchmarks report them
// per request). Touched only on those slow paths, where a shared cache line adds
// nothing measurable to a futex call.
struct GateCounters {
  std::atomic<uint64_t> parks{0};
  std::atomic<uint64_t> wakes{0};
  // Wakes that pinned the parked waiter to the waker's CPU first (Handoff).
  std::atomic<uint64_t> local_wakes{0};
};
inline GateCounters gate_counters;

// Cache-line sized and aligned: the waiter spins on `state_`, and any other data
// on its line (the peer gate of a pair, most often) would bounce between the two
// cores at every write.
class alignas(64) Gate {
 public:
  // Never below this: a budget that reached 0 could never grow again (growth needs
  // a wait that ends while spinning), and a hot pair of threads stuck there paid
  // two futex round trips per switch (seen: 2 us vs 9-20 us per round trip).
  static constexpr int kMinSpin = 64;
  static constexpr int kMaxSpin = 4096;

  // Lets the waiter through (now, or at its next Wait()), handing it `word`.
  // Returns true when the waiter was parked in the kernel: it will take tens of
  // microseconds to run, too long for anyone waiting on it in turn to spin through.
  bool Open(uint32_t word = 0) {
    // Ordered before the waiter's view of the state change by the exchange below.
    word_.store(word, std::memory_order_relaxed);
    if (state_.exchange(kOpen) != kSleeping) return false;
    gate_counters.wakes.fetch_add(1, std::memory_order_relaxed);
    Wake();
    return true;
  }

  // A waiter parked at least this long is woken on its waker's CPU (Handoff). A pair
  // of threads handing off in a tight loop parks only when one side was slow once,
  // and pinning it then would keep it parking for good: its waker must not spin
  // beside the thread it put on its own CPU, so each next hand-off finds its peer
  // parked again (measured: a fiber's run + yield went from ~1 us to ~18 us). Such
  // a pair's parked round trips take 5-25 us on the project's VM; the waits of
  // fibers on I/O or timers, and of idle pool threads, are longer.
  static constexpr int64_t kLocalWakeAfterNs = 50'000;

  // Open(), for a waiter whose answer the caller waits for next: a waiter parked
  // for a while is woken on the caller's CPU, and the caller's next Wait() (on any
  // gate) then parks without spinning, leaving that CPU to the waiter.
  bool Handoff(uint32_t word = 0) {
    // Only the opener takes the state out of kSleeping: a waiter seen parked here
    // is still parked, and so still pinned, when Open() wakes it.
    if (LocalWakes() && state_.load() == kSleeping &&
        MonotonicNs() - parked_at_.load(std::memory_order_relaxed) >= kLocalWakeAfterNs &&
        PinToThisCpu(waiter_tid_.load(std::memory_order_relaxed))) {
      pinned_.store(true);
      peer_woken_here_ = true;
      gate_counters.local_wakes.fetch_add(1, std::memory_order_relaxed);
    }
    return Open(word);
  }

  // Blocks until the gate is opened, then closes it again for the next round, and
  // returns the word it was opened with. Spins at most `spin_limit` rounds (and at
  // most the adaptive budget) first, if spinning pays at all.
  uint32_t Wait(int spin_limit = kMaxSpin) {
    const bool peer_woken_here = peer_woken_here_;
    peer_woken_here_ = false;
    const int spin = SpinningPays() && !peer_woken_here ? std::min(spin_, spin_limit) : 0;
    for (int i = 0; i < spin; i++) {
      if (state_.load() == kOpen) {
        state_.store(kClosed);
        spin_ = std::min(spin_ * 2 + 16, kMaxSpin);
        return word_.load(std::memory_order_relaxed);
      }
      CpuRelax();
    }
    uint32_t expected = kClosed;
    if (LocalWakes()) {  // read by Handoff() only then; published by the exchange below
      waiter_tid_.store(ThisThreadId(), std::memory_order_relaxed);
      parked_at_.store(MonotonicNs(), std::memory_order_relaxed);
    }
    if (state_.compare_exchange_strong(expected, kSleeping)) {
      gate_counters.parks.fetch_add(1, std::memory_order_relaxed);
      while (state_.load() == kSleeping) Sleep();
      // Before anything else runs here: what this thread starts must not inherit the pin.
      if (pinned_.load()) {
        pinned_.store(false);
        UnpinThisThread();
      }
    }
    state_.store(kClosed);
    // A capped wait says nothing about the budget.
    if (spin == spin_) spin_ = std::max(spin_ / 2, kMinSpin);
    return word_.load(std::memory_order_relaxed);
  }

  void set_spin_budget(int spin) { spin_ = spin; }

 private:
  static constexpr uint32_t kClosed = 0;
  static constexpr uint32_t kOpen = 1;
  static constexpr uint32_t kSleeping = 2;

  static int64_t MonotonicNs() {
    timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);  // the vDSO's: no system call
    return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
  }

  void Sleep() {
    syscall(SYS_futex, reinterpret_cast<uint32_t*>(&state_), FUTEX_WAIT_PRIVATE, kSleeping, nullptr, nullptr, 0);
  }
  void Wake() { syscall(SYS_futex, reinterpret_cast<uint32_t*>(&state_), FUTEX_WAKE_PRIVATE, 1, nullptr, nullptr, 0); }

  std::atomic<uint32_t> state_{kClosed};
  // Travels with the state on the same cache line, so the waiter gets it without a
  // second transfer between cores.
  std::atomic<uint32_t> word_{0};
  std::atomic<int32_t> waiter_tid_{0};
  std::atomic<int64_t> parked_at_{0};
  // Set by a Handoff() that pinned the parked waiter, cleared by the waiter once unpinned.
  std::atomic<bool> pinned_{false};
  int spin_ = 256;  // touched by the waiter only
  // This thread's last Handoff() pinned its peer here: its next wait must not spin.
  static inline thread_local bool peer_woken_here_ = false;
};

}  // namespace balrog

#endif  // BALROG_GATE_H_
