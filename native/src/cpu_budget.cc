#include "cpu_budget.h"

#include <sched.h>

#include <algorithm>
#include <fstream>
#include <string>

namespace balrog {

namespace {
// What a source of limits says when it sets none (or cannot be read): more CPUs than any machine has.
constexpr int kNoLimit = 1 << 16;

int AffinityCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return kNoLimit;
  return CPU_COUNT(&set);
}

// cgroup v2 only ("0::<path>" in /proc/self/cgroup): cpu.max holds "<quota> <period>",
// or "max <period>" without a quota. Without a readable limit, no limit.
int QuotaCpus() {
  std::ifstream cgroups("/proc/self/cgroup");
  std::string line;
  while (std::getline(cgroups, line)) {
    if (line.rfind("0::", 0) != 0) continue;
    std::ifstream max("/sys/fs/cgroup" + line.substr(3) + "/cpu.max");
    std::string quota;
    long period = 0;
    if (!(max >> quota >> period) || quota == "max" || period <= 0) return kNoLimit;
    try {
      return static_cast<int>(std::stol(quota) / period);
    } catch (...) {
      return kNoLimit;
    }
  }
  return kNoLimit;
}
}  // namespace

int UsableCpus() { return std::max(1, std::min(AffinityCpus(), QuotaCpus())); }

}  // namespace balrog
