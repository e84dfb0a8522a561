#include "local_wake.h"

#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdlib>

#include "cpu_budget.h"

namespace balrog {

namespace {
// Read before any thread was pinned: LocalWakes() reads it before its first "true".
const cpu_set_t& ProcessMask() {
  static const cpu_set_t mask = [] {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) CPU_ZERO(&set);
    return set;
  }();
  return mask;
}
}  // namespace

bool LocalWakes() {
  static const bool local = [] {
    const char* setting = std::getenv("BALROG_LOCAL_WAKES");
    if (setting != nullptr && setting[0] == '0') return false;
    // Without a mask to give back, a pinned thread would stay pinned.
    return CPU_COUNT(&ProcessMask()) >= 2 && UsableCpus() >= 2;
  }();
  return local;
}

int ThisThreadId() {
  thread_local const int tid = static_cast<int>(syscall(SYS_gettid));
  return tid;
}

bool PinToThisCpu(int tid) {
  const int cpu = sched_getcpu();
  if (cpu < 0 || tid <= 0) return false;
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(tid, sizeof(set), &set) == 0;
}

void UnpinThisThread() { sched_setaffinity(0, sizeof(cpu_set_t), &ProcessMask()); }

}  // namespace balrog
