// The floors the benchmark compares fiber switches against, measured in the
// same process and run: what the hand-off would cost with no fiber machinery.
#ifndef BALROG_BENCH_FLOOR_H_
#define BALROG_BENCH_FLOOR_H_

#include <v8.h>

#include <cstdint>

namespace balrog {

// Two threads pass the isolate back and forth n times with the same scoped
// Unlocker/Locker and gates the fibers use, running no JavaScript. Must be
// called on a thread that holds the isolate. With `parked`, the gates never
// spin: every hand-off parks, as a request's fiber's do. Nanoseconds per round trip.
double MeasureIsolateHandoff(v8::Isolate* isolate, uint32_t n, bool parked = false);

// Two bare threads ping-pong n times through spinning gates. Nanoseconds per round trip.
double MeasureSpinHandoff(uint32_t n);

// Two bare threads ping-pong n times through gates that never spin: every
// hand-off parks in the kernel and must be woken, as a request's fiber does when
// the event loop starts it and when it ends. Nanoseconds per round trip.
double MeasureParkedHandoff(uint32_t n);

// Starts n bare threads one after another, each with a fiber's stack size, each
// run until it has told the starter it runs and then parked (what the OS does for
// every new suspended fiber). Nanoseconds per thread; all are ended after.
double MeasureThreadStart(uint32_t n);

// A bare thread per suspended request: the floor, measured in place, of a
// server whose every waiting request holds a thread. StartParkedThread starts
// one with a fiber's stack size and returns once it runs (as a new fiber's start
// does before the event loop goes on), or -1 if the OS refused it; WakeParkedThread
// wakes it and returns once it has answered (as a resume does), and the thread ends.
// Ids count up from 0 for the life of the process. Event loop thread only.
int32_t StartParkedThread();
void WakeParkedThread(int32_t id);

// One round trip of the isolate to bare helper thread number `helper` and back,
// with the Unlocker/Locker scopes and parked gates a fiber's hand-offs use, no
// JavaScript: the floor, measured in place, of a design that hands the isolate
// over. One helper always hot, or one per waiting request (as many as there are
// connections, each with its own stack and V8 thread state, as fibers have). Each
// helper starts at its first round; StopIsolatePass ends them all, which must
// happen before the isolate is disposed. Event loop thread, holding the isolate.
void IsolatePass(v8::Isolate* isolate, uint32_t helper);
void StopIsolatePass();

}  // namespace balrog

#endif  // BALROG_BENCH_FLOOR_H_
