// The fiber model: one coroutine, run on a pooled thread, with the isolate handed
// back and forth between its thread and whichever thread resumes it.
//
// Protocol (exactly one thread runs JavaScript at any time):
//   resumer: Resume() -> unlock the isolate (staying entered: isolate_scopes.h) -> open the worker's inbox
//            -> wait on its own thread's reply gate
//   fiber:   runs until Yield() or the end -> unlock -> open its resumer's reply gate -> (Yield) wait on the inbox
// A fiber may instead pass the isolate straight to another suspended fiber (PassTo,
// at a yield or at its end): the other fiber then answers the same resumer, which
// learns from the reply which fiber answered. n fibers resumed one after another
// this way cost n+1 hand-offs instead of 2n (docs/design/scheduler.md).
// The resume mode and the outcome travel in the gates' words; the values that
// cross (sent, yielded, returned, thrown) in `transfer_`, unless undefined.
#ifndef BALROG_FIBER_H_
#define BALROG_FIBER_H_

#include <v8.h>

#include <atomic>
#include <cstdint>

#include "thread_pool.h"
#include "v8_compat.h"

namespace balrog {

class Registry;
class Fiber;

// What a resumer waits on: one per thread, since a thread resumes one fiber at a
// time. `from` names the fiber that answered, which after passes is not always
// the one the resumer started.
struct Reply {
  Gate gate;
  Fiber* from = nullptr;
};

class Fiber {
 public:
  enum class ResumeMode : int32_t { kValue = 0, kThrow = 1, kTerminate = 2 };
  // kTerminated: stopped by balrog (Ctrl+C, or the unwinding at exit). kHostTerminated:
  // stopped by someone else (worker.terminate(), a vm timeout, process exit in a
  // worker); the termination goes on in the resumer, as it would without fibers.
  enum class Outcome : int32_t { kYielded = 0, kReturned = 1, kThrew = 2, kTerminated = 3, kHostTerminated = 4 };

  Fiber(v8::Isolate* isolate, Registry* registry, uint32_t id, v8::Local<v8::Function> fn,
        v8::Local<v8::Context> context);

  // Until it starts, the fiber belongs to `owner` (its JavaScript object): if that
  // is collected first, nothing can ever run the fiber, and the registry frees it.
  // Cheaper than a FinalizationRegistry entry (~0.4 us per fiber) or a Global
  // reset at each start: the weak handle simply stays until the fiber is freed.
  void WatchOwner(v8::Local<v8::Object> owner);
  bool abandoned() const { return abandoned_ && !started_; }
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // On the resumer's thread, which holds the isolate: runs the fiber until it (or
  // the last fiber it passed to, `*answered`) yields or finishes. On
  // kReturned/kYielded returns the value; on kThrew schedules the fiber's
  // exception and returns empty; on kTerminated returns undefined.
  // `start_failed` is set when no thread could be started for it.
  v8::MaybeLocal<v8::Value> Resume(v8::Local<v8::Value> value, ResumeMode mode, Outcome* outcome, bool* start_failed,
                                   Fiber** answered);

  // On a fiber's own thread: hands `value` to the resumer, or, given `next` (a
  // suspended fiber, see CanTakePass, or one not started, see CanStartHere, which
  // then starts on a thread of its own), passes the isolate to `next` instead; then
  // parks until resumed. Returns the sent value, or empty with an exception
  // (throwInto) or a termination pending.
  static v8::MaybeLocal<v8::Value> Yield(v8::Isolate* isolate, v8::Local<v8::Value> value, Fiber* next = nullptr);

  // On a fiber's own thread, right before its function returns: when it returns
  // normally, the isolate goes to `next` rather than back to the resumer.
  void PassAtFinish(Fiber* next) { pass_at_finish_ = next; }

  // On a fiber's own thread, right before its function returns: when it returns
  // normally, this thread starts `next` (not started yet) itself, with no hand-off
  // at all; `next` then answers the same resumer. See CanStartHere.
  void StartAtFinish(Fiber* next) { start_at_finish_ = next; }

  // Gives a fiber's thread back to the pool, once the fiber has finished by passing
  // the isolate on (its thread no longer touches it then).
  // (None after a start at its end: the fiber it started there kept the thread.)
  void ReturnThread() {
    if (worker_ != nullptr) ThreadPool::Get().Release(*worker_);
  }

  // Whether a pass may go to this fiber: started, suspended, not finished.
  bool CanTakePass() const { return started_ && !running_ && !finished_; }

  // Whether the calling fiber's thread may start this fiber at its end: not
  // started, and made in the same context (the thread stays in the one it entered).
  bool CanStartHere(const Fiber& from) const { return !started_ && !abandoned_ && context_ == from.context_; }

  // The fiber whose thread this is, or null on a thread that is not a fiber's.
  static Fiber* Current();

  uint32_t id() const { return id_; }
  v8::Isolate* isolate() const { return isolate_; }
  bool started() const { return started_; }
  bool running() const { return running_; }
  bool finished() const { return finished_; }
  // Identifies the current run of this fiber (between one resume and the next switch).
  uint64_t slice() const { return slice_; }
  // On the fiber's own thread, right before balrog terminates it: a termination
  // that arrives without this is the host's and must not be swallowed.
  void ClaimTermination() { termination_claimed_ = true; }

 private:
  static void ThreadMain(Worker& worker, void* self);
  static void OnOwnerCollected(const v8::WeakCallbackInfo<Fiber>& info);
  // On this fiber's thread, holding the isolate: what the resumer does after this
  // fiber's run and before `next`'s, done here because the resumer is not woken.
  void PassTo(Fiber* next);
  // Undoes PassTo(next) when `next` (not started) could get no thread: this fiber runs on.
  void TakeBackPass(Fiber* next);
  // On this fiber's thread at its end: the thread goes on as `next`'s (StartAtFinish).
  void HandThreadTo(Fiber* next, Worker& worker);
  // Wakes whoever must run next: `next`'s thread, or else the resumer with `outcome`.
  void Answer(Fiber* next, Outcome outcome, bool has_value);

  // Read by the fiber's own thread at each switch.
  v8::Isolate* isolate_;
  uint32_t id_;
  v8::Global<v8::Function> fn_;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Value> transfer_;
  v8::Global<v8::Object> owner_;
  Registry* registry_;
  Fiber* pass_at_finish_ = nullptr;
  Fiber* start_at_finish_ = nullptr;
  bool abandoned_ = false;
  bool termination_claimed_ = false;

  // Written by the resumer at each switch: on a cache line of their own, or the
  // fiber's thread would fetch the line above back from the resumer's core (~40 ns).
  alignas(64) v8::Global<compat::ContinuationData> continuation_;
  Worker* worker_ = nullptr;
  Reply* reply_ = nullptr;
  uint64_t slice_ = 0;
  bool started_ = false;
  bool running_ = false;
  bool finished_ = false;
};

}  // namespace balrog

#endif  // BALROG_FIBER_H_
