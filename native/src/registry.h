// The fibers of one isolate (the main thread's, or a worker_thread's), by id.
// JavaScript refers to a fiber by its id, so no native pointer is ever stored
// in a JS object.
#ifndef BALROG_REGISTRY_H_
#define BALROG_REGISTRY_H_

#include <v8.h>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "continuation_guard.h"
#include "fiber.h"
#include "host_stop.h"

namespace balrog {

class Registry {
 public:
  // Creates the registry for the isolate of `context`; it frees itself when Node
  // tears the environment down, after unwinding the fibers still suspended.
  static Registry* Create(v8::Isolate* isolate, v8::Local<v8::Context> context);

  // A new fiber, freed with `owner` if that is collected before the fiber starts.
  Fiber* Add(v8::Local<v8::Function> fn, v8::Local<v8::Context> context, v8::Local<v8::Object> owner);
  Fiber* Find(uint32_t id) const;
  void Remove(Fiber* fiber);
  size_t size() const { return fibers_.size(); }
  // Called from a GC when an unstarted fiber's owner was collected.
  void note_abandoned() { abandoned_++; }
  // Resumes so far in this isolate: lets tests and benchmarks see thread switches.
  uint64_t switches() const { return switches_; }
  void count_switch() { switches_++; }
  // Hand-offs from one fiber straight to another (Fiber::PassTo), so far in this isolate.
  uint64_t passes() const { return passes_; }
  void count_pass() { passes_++; }
  // Fibers started by the thread of the fiber that finished before them (Fiber::StartAtFinish).
  uint64_t hot_starts() const { return hot_starts_; }
  void count_hot_start() { hot_starts_++; }
  // A fiber that finished by passing the isolate on: no resumer saw it end, so it
  // and its thread are given back at the end of the resume in progress
  // (FreeFinishedInPasses), when its thread no longer touches either. Called by
  // the thread holding the isolate.
  void NoteFinishedInPass(Fiber* fiber) { finished_in_passes_.push_back(fiber); }
  void FreeFinishedInPasses();

  // Where Resume() leaves the outcome of the last switch (an Int32Array in JS),
  // so that a switch returns one value and allocates nothing.
  v8::Local<v8::Int32Array> NewStatusArray();
  void set_outcome(Fiber::Outcome outcome) { status_[0] = static_cast<int32_t>(outcome); }
  void set_peek(int32_t state) { status_[1] = state; }

  // Whether Node is stopping this environment; asked after every hand-off (host_stop.h).
  const HostStop& host_stop() const { return host_stop_; }

 private:
  static constexpr size_t kAbandonedBatch = 64;
  Registry(v8::Isolate* isolate, v8::Local<v8::Context> context)
      : isolate_(isolate), continuation_guard_(isolate), host_stop_(isolate, context) {}
  static void OnEnvironmentCleanup(void* self);
  void UnwindSuspended();
  void FreeAbandoned();

  v8::Isolate* isolate_;
  ContinuationGuard continuation_guard_;
  HostStop host_stop_;
  std::unordered_map<uint32_t, std::unique_ptr<Fiber>> fibers_;
  uint32_t next_id_ = 1;
  size_t abandoned_ = 0;
  uint64_t switches_ = 0;
  uint64_t passes_ = 0;
  uint64_t hot_starts_ = 0;
  std::vector<Fiber*> finished_in_passes_;
  std::shared_ptr<v8::BackingStore> status_store_;
  int32_t* status_ = nullptr;
};

}  // namespace balrog

#endif  // BALROG_REGISTRY_H_
