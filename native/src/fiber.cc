#include "fiber.h"

#include "isolate_scopes.h"
#include "sigint.h"

namespace balrog {

namespace {
thread_local Fiber* current_fiber = nullptr;

// Room left below V8's stack limit for C++ frames that do not check it
// (API callbacks, runtime functions, the GC). Node's main thread keeps far
// more, but it also gives JavaScript only 984 KB of its 8 MB.
constexpr uintptr_t kStackMargin = 256 * 1024;

std::atomic<uint64_t> next_slice{1};

// Values cross a switch in a Global, except undefined, which needs none. Making and
// freeing a Global costs ~0.1 us a switch each way (a third of a round trip);
// src/core passes its values in JavaScript and sends only undefined through here.
void Put(v8::Isolate* isolate, v8::Global<v8::Value>& slot, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) {
    slot.Reset();
  } else {
    slot.Reset(isolate, value);
  }
}

v8::Local<v8::Value> Take(v8::Isolate* isolate, v8::Global<v8::Value>& slot) {
  if (slot.IsEmpty()) return v8::Undefined(isolate);
  v8::Local<v8::Value> value = slot.Get(isolate);
  slot.Reset();
  return value;
}
}  // namespace

Fiber::Fiber(v8::Isolate* isolate, uint32_t id, v8::Local<v8::Function> fn, v8::Local<v8::Context> context)
    : isolate_(isolate), id_(id), fn_(isolate, fn), context_(isolate, context) {
  // Like an AsyncResource, a fiber starts in the async context it was created in.
  v8::Local<compat::ContinuationData> data = compat::GetContinuationData(isolate);
  if (!data.IsEmpty()) continuation_.Reset(isolate, data);
}

Fiber::~Fiber() = default;

Fiber* Fiber::Current() { return current_fiber; }

v8::MaybeLocal<v8::Value> Fiber::Resume(v8::Local<v8::Value> value, ResumeMode mode, Outcome* outcome,
                                        bool* start_failed) {
  *start_failed = false;
  Put(isolate_, transfer_, value);
  resume_mode_ = mode;
  running_ = true;
  slice_ = next_slice.fetch_add(1, std::memory_order_relaxed);

  // The continuation data is one slot per isolate: give the fiber its own while it runs.
  v8::Local<compat::ContinuationData> outer = compat::GetContinuationData(isolate_);
  if (!continuation_.IsEmpty()) compat::SetContinuationData(isolate_, continuation_.Get(isolate_));
  {
    SigintWatch::Slice watched(isolate_, slice_);
    IsolateRelease release(isolate_);
    bool woke;
    if (!started_) {
      started_ = true;
      *start_failed = !ThreadPool::Get().Run(ThreadMain, this, &worker_, &woke);
    } else {
      woke = worker_->inbox().Open();
    }
    if (!*start_failed) worker_->outbox().Wait(woke ? 0 : Gate::kMaxSpin);
  }
  running_ = false;
  // The resumer gives a finished fiber's thread back, not the thread itself: it is
  // the last to touch the worker's outbox, and a thread beyond the pool's idle cap
  // frees its worker as soon as it is released.
  if (finished_) ThreadPool::Get().Release(*worker_);
  if (!outer.IsEmpty()) {
    v8::Local<compat::ContinuationData> inner = compat::GetContinuationData(isolate_);
    if (!inner.IsEmpty()) continuation_.Reset(isolate_, inner);
    compat::SetContinuationData(isolate_, outer);
  }
  if (*start_failed) {
    finished_ = true;
    transfer_.Reset();
    return {};
  }

  *outcome = outcome_;
  v8::Local<v8::Value> result = Take(isolate_, transfer_);
  switch (outcome_) {
    case Outcome::kYielded:
    case Outcome::kReturned:
      return result;
    case Outcome::kThrew:
      isolate_->ThrowException(result);
      return {};
    case Outcome::kTerminated:
      return v8::Undefined(isolate_);
  }
  return {};
}

void Fiber::ThreadMain(Worker& worker, void* arg) {
  Fiber* self = static_cast<Fiber*>(arg);
  v8::Isolate* isolate = self->isolate_;
  current_fiber = self;
  {
    IsolateLease lease(isolate, self->context_);
    // V8 gave this thread the default limit (984 KB below here); let JavaScript
    // use the large stack the pool gave the thread instead.
    if (worker.stack_low() != 0) isolate->SetStackLimit(worker.stack_low() + kStackMargin);

    v8::TryCatch try_catch(isolate);
    v8::Local<v8::Value> sent = Take(isolate, self->transfer_);
    v8::Local<v8::Function> fn = self->fn_.Get(isolate);
    self->fn_.Reset();
    v8::MaybeLocal<v8::Value> result = fn->Call(lease.context(), v8::Undefined(isolate), 1, &sent);
    if (try_catch.HasTerminated()) {
      // Ctrl+C in a busy loop, or the unwinding of a suspended fiber at exit.
      isolate->CancelTerminateExecution();
      self->outcome_ = Outcome::kTerminated;
    } else if (result.IsEmpty()) {
      self->outcome_ = Outcome::kThrew;
      self->transfer_.Reset(isolate, try_catch.Exception());
    } else {
      self->outcome_ = Outcome::kReturned;
      Put(isolate, self->transfer_, result.ToLocalChecked());
    }
    self->finished_ = true;
    self->context_.Reset();
  }
  current_fiber = nullptr;
  // `self` may be freed as soon as the outbox opens; the resumer then releases this
  // thread to the pool, and Worker::Main waits for its next job.
  worker.outbox().Open();
}

v8::MaybeLocal<v8::Value> Fiber::Yield(v8::Isolate* isolate, v8::Local<v8::Value> value) {
  Fiber* self = current_fiber;
  Put(isolate, self->transfer_, value);
  self->outcome_ = Outcome::kYielded;
  {
    IsolateRelease release(isolate);
    self->worker_->outbox().Open();
    self->worker_->inbox().Wait();
  }
  v8::Local<v8::Value> sent = Take(isolate, self->transfer_);
  switch (self->resume_mode_) {
    case ResumeMode::kValue:
      return sent;
    case ResumeMode::kThrow:
      isolate->ThrowException(sent);
      return {};
    case ResumeMode::kTerminate:
      isolate->TerminateExecution();
      return {};
  }
  return {};
}

}  // namespace balrog
