// The fiber model: one coroutine, run on a pooled thread, with the isolate handed
// back and forth between its thread and whichever thread resumes it.
//
// Protocol (exactly one thread runs JavaScript at any time):
//   resumer: Resume() -> unlock the isolate (staying entered: isolate_scopes.h) -> open the worker's inbox
//            -> wait on its outbox
//   fiber:   runs until Yield() or the end -> unlock -> open the outbox -> (Yield) wait on the inbox
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

class Fiber {
 public:
  enum class ResumeMode : int32_t { kValue = 0, kThrow = 1, kTerminate = 2 };
  // kTerminated: stopped by balrog (Ctrl+C, or the unwinding at exit). kHostTerminated:
  // stopped by someone else (worker.terminate(), a vm timeout, process exit in a
  // worker); the termination goes on in the resumer, as it would without fibers.
  enum class Outcome : int32_t { kYielded = 0, kReturned = 1, kThrew = 2, kTerminated = 3, kHostTerminated = 4 };

  Fiber(v8::Isolate* isolate, uint32_t id, v8::Local<v8::Function> fn, v8::Local<v8::Context> context);

  // Until it starts, the fiber belongs to `owner` (its JavaScript object): if that
  // is collected first, nothing can ever run the fiber, and `registry` frees it.
  // Cheaper than a FinalizationRegistry entry (~0.4 us per fiber) or a Global
  // reset at each start: the weak handle simply stays until the fiber is freed.
  void WatchOwner(v8::Local<v8::Object> owner, Registry* registry);
  bool abandoned() const { return abandoned_ && !started_; }
  ~Fiber();
  Fiber(const Fiber&) = delete;
  Fiber& operator=(const Fiber&) = delete;

  // On the resumer's thread, which holds the isolate: runs the fiber until it
  // yields or finishes. On kReturned/kYielded returns the value; on kThrew
  // schedules the fiber's exception and returns empty; on kTerminated returns
  // undefined. `start_failed` is set when no thread could be started for it.
  v8::MaybeLocal<v8::Value> Resume(v8::Local<v8::Value> value, ResumeMode mode, Outcome* outcome, bool* start_failed);

  // On a fiber's own thread: hands `value` to the resumer and parks until resumed.
  // Returns the sent value, or empty with an exception (throwInto) or a termination pending.
  static v8::MaybeLocal<v8::Value> Yield(v8::Isolate* isolate, v8::Local<v8::Value> value);

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

  // Read by the fiber's own thread at each switch.
  v8::Isolate* isolate_;
  uint32_t id_;
  v8::Global<v8::Function> fn_;
  v8::Global<v8::Context> context_;
  v8::Global<v8::Value> transfer_;
  v8::Global<v8::Object> owner_;
  Registry* registry_ = nullptr;
  bool abandoned_ = false;
  bool termination_claimed_ = false;

  // Written by the resumer at each switch: on a cache line of their own, or the
  // fiber's thread would fetch the line above back from the resumer's core (~40 ns).
  alignas(64) v8::Global<compat::ContinuationData> continuation_;
  Worker* worker_ = nullptr;
  uint64_t slice_ = 0;
  bool started_ = false;
  bool running_ = false;
  bool finished_ = false;
};

}  // namespace balrog

#endif  // BALROG_FIBER_H_
