// How many CPUs this process may run on at once, and so whether a thread that
// waits for another of its threads should spin. V8-free.
//
// Spinning pays only while the thread being waited for runs on another CPU. With
// one CPU to the process (`taskset -c 0`, a container with `--cpus=1`), the
// waited-for thread cannot run until the spinner gives the CPU up, so every spin
// is pure loss: measured on the 2-vCPU VM with the process on one CPU, a fiber's
// start-to-finish cost 15-23 us with spinning and 8-10 us without.
#ifndef BALROG_CPU_BUDGET_H_
#define BALROG_CPU_BUDGET_H_

namespace balrog {

// CPUs the process may use at the same time: the smaller of its affinity mask's
// size and its cgroup v2 CPU quota (cpu.max), rounded down; at least 1. Read once,
// when first asked: a later `taskset -p` is not seen.
int UsableCpus();

// Whether waits between this process's threads should spin before they park.
inline bool SpinningPays() {
  static const bool pays = UsableCpus() >= 2;
  return pays;
}

}  // namespace balrog

#endif  // BALROG_CPU_BUDGET_H_
