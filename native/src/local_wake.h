// Waking a parked thread on the waker's own CPU, for a waker about to park in turn.
//
// Only one thread of an isolate runs JavaScript at a time: a fiber hand-off's waker
// stops as soon as the thread it wakes starts. The kernel cannot know that (a futex
// wake carries no "the waker is about to sleep" hint, as a pipe's or socket's
// does), so it places the woken thread on an idle CPU when there is one. On the
// project's 2-vCPU VM, waking a halted vCPU goes through the hypervisor and the two
// threads' data then crosses between cores; measured with a 1 ms timer handler under
// `balrog run`, shared with wrk: 0.26 CPU migrations and 36-39 us of user CPU per
// request, against 0.045 and 28-30 us when the woken thread stays on its waker's CPU
// (docs/design/scheduler.md). That is what pinning each fiber's thread to one CPU
// would give, but a thread's CPU mask is inherited by the child processes and
// worker threads it starts. So the pin is brief: the waker restricts the parked
// thread to its own CPU just before it wakes it, and the woken thread gives itself
// the process's mask back before it returns from its wait, before it runs anything
// else. V8-free.
#ifndef BALROG_LOCAL_WAKE_H_
#define BALROG_LOCAL_WAKE_H_

namespace balrog {

// Whether hand-offs wake parked threads on the waker's CPU: when the process may
// run on two CPUs or more (with one there is nothing to choose), unless the
// environment has BALROG_LOCAL_WAKES=0. Read once.
bool LocalWakes();

// The calling thread's kernel thread id (cached per thread).
int ThisThreadId();

// Restricts thread `tid` to the CPU the caller runs on. False when it could not
// (the caller's CPU unknown, or the kernel refused): the thread keeps its mask.
bool PinToThisCpu(int tid);

// Gives the calling thread the CPU mask the process had when LocalWakes() was
// first asked (a later `taskset -p` is not seen, as for UsableCpus()).
void UnpinThisThread();

}  // namespace balrog

#endif  // BALROG_LOCAL_WAKE_H_
