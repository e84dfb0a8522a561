#include "fiber.h"

#include "isolate_scopes.h"
#include "registry.h"
#include "sigint.h"

namespace balrog {

namespace {
thread_local Fiber* current_fiber = nullptr;
thread_local Worker* current_worker = nullptr;
thread_local Reply this_thread_reply;

// A gate's word: the resume mode or the outcome, and whether `transfer_` holds a value.
constexpr uint32_t kHasValue = 0x100;
uint32_t Word(int32_t code, bool has_value) { return static_cast<uint32_t>(code) | (has_value ? kHasValue : 0); }
int32_t Code(uint32_t word) { return static_cast<int32_t>(word & 0xff); }

// Room left below V8's stack limit for C++ frames that do not check it
// (API callbacks, runtime functions, the GC). Node's main thread keeps far
// more, but it also gives JavaScript only 984 KB of its 8 MB.
constexpr uintptr_t kStackMargin = 256 * 1024;

std::atomic<uint64_t> next_slice{1};

// Values cross a switch in a Global, except undefined, which needs none. Making and
// freeing a Global costs ~0.1 us a switch each way (a third of a round trip);
// src/core passes its values in JavaScript and sends only undefined through here.
// Returns whether `slot` now holds a value.
bool Put(v8::Isolate* isolate, v8::Global<v8::Value>& slot, v8::Local<v8::Value> value) {
  if (value->IsUndefined()) return false;
  slot.Reset(isolate, value);
  return true;
}

v8::Local<v8::Value> Take(v8::Isolate* isolate, v8::Global<v8::Value>& slot, uint32_t word) {
  if ((word & kHasValue) == 0) return v8::Undefined(isolate);
  v8::Local<v8::Value> value = slot.Get(isolate);
  slot.Reset();
  return value;
}
}  // namespace

Fiber::Fiber(v8::Isolate* isolate, Registry* registry, uint32_t id, v8::Local<v8::Function> fn,
             v8::Local<v8::Context> context)
    : isolate_(isolate), id_(id), fn_(isolate, fn), context_(isolate, context), registry_(registry) {
  // Like an AsyncResource, a fiber starts in the async context it was created in.
  v8::Local<compat::ContinuationData> data = compat::GetContinuationData(isolate);
  if (!data.IsEmpty()) continuation_.Reset(isolate, data);
}

Fiber::~Fiber() = default;

void Fiber::WatchOwner(v8::Local<v8::Object> owner) {
  owner_.Reset(isolate_, owner);
  owner_.SetWeak(this, OnOwnerCollected, v8::WeakCallbackType::kParameter);
}

// Runs inside a GC, which allows nothing but resetting the handle: the registry
// frees the fiber later, from ordinary code.
void Fiber::OnOwnerCollected(const v8::WeakCallbackInfo<Fiber>& info) {
  Fiber* self = info.GetParameter();
  self->owner_.Reset();
  if (self->started_) return;
  self->abandoned_ = true;
  self->registry_->note_abandoned();
}

Fiber* Fiber::Current() { return current_fiber; }

v8::MaybeLocal<v8::Value> Fiber::Resume(v8::Local<v8::Value> value, ResumeMode mode, Outcome* outcome,
                                        bool* start_failed, Fiber** answered) {
  *start_failed = false;
  *answered = this;
  // After the wait, this fiber may be gone: it can finish by passing the isolate
  // on, and a resume nested in a later fiber frees such fibers (Registry::FreeFinishedInPasses).
  v8::Isolate* const isolate = isolate_;
  Registry* const registry = registry_;
  const bool sends_value = Put(isolate, transfer_, value);
  running_ = true;
  slice_ = next_slice.fetch_add(1, std::memory_order_relaxed);
  Reply& reply = this_thread_reply;
  reply_ = &reply;

  // The continuation data is one slot per isolate: give the fiber its own while it runs.
  v8::Local<compat::ContinuationData> outer = compat::GetContinuationData(isolate);
  if (!continuation_.IsEmpty()) compat::SetContinuationData(isolate, continuation_.Get(isolate));
  uint32_t answer = 0;
  {
    SigintWatch::Slice watched(isolate, slice_);
    IsolateRelease release(isolate);
    bool woke;
    if (!started_) {
      started_ = true;  // a first resume always sends a value: ThreadMain takes transfer_ if set
      *start_failed = !ThreadPool::Get().Run(ThreadMain, this, &worker_, &woke);
    } else {
      woke = worker_->inbox().Handoff(Word(static_cast<int32_t>(mode), sends_value));
    }
    if (!*start_failed) answer = reply.gate.Wait(woke ? 0 : Gate::kMaxSpin);
  }
  registry->host_stop().TerminateIfStopping(isolate);
  // After passes, the fiber that answered is the last one the isolate went to;
  // PassTo did the rest of this bookkeeping for the ones before it.
  Fiber* last = *start_failed ? this : reply.from;
  *answered = last;
  last->running_ = false;
  last->reply_ = nullptr;
  const Outcome result_outcome = static_cast<Outcome>(Code(answer));
  last->finished_ = *start_failed || result_outcome != Outcome::kYielded;
  // The resumer gives a finished fiber's thread back, once that thread no longer
  // touches the fiber: a thread beyond the pool's idle cap ends as soon as it is released.
  if (last->finished_ && !*start_failed) ThreadPool::Get().Release(*last->worker_);
  if (!outer.IsEmpty()) {
    v8::Local<compat::ContinuationData> inner = compat::GetContinuationData(isolate);
    // Most switches leave it as it was: no new Global then.
    if (!inner.IsEmpty() && last->continuation_ != inner) last->continuation_.Reset(isolate, inner);
    compat::SetContinuationData(isolate, outer);
  }
  if (*start_failed) {
    transfer_.Reset();
    return {};
  }

  *outcome = result_outcome;
  v8::Local<v8::Value> result = Take(isolate, last->transfer_, answer);
  switch (result_outcome) {
    case Outcome::kYielded:
    case Outcome::kReturned:
      return result;
    case Outcome::kThrew:
      isolate->ThrowException(result);
      return {};
    case Outcome::kTerminated:
      return v8::Undefined(isolate);
    case Outcome::kHostTerminated:
      // worker.terminate() or a vm timeout must end everything up to the host,
      // uncatchable, as it does without fibers: a fiber must not turn it into an error.
      isolate->TerminateExecution();
      return {};
  }
  return {};
}

void Fiber::PassTo(Fiber* next) {
  running_ = false;
  v8::Local<compat::ContinuationData> inner = compat::GetContinuationData(isolate_);
  if (!inner.IsEmpty() && continuation_ != inner) continuation_.Reset(isolate_, inner);
  next->reply_ = reply_;
  reply_ = nullptr;
  next->running_ = true;
  next->slice_ = next_slice.fetch_add(1, std::memory_order_relaxed);
  if (!next->continuation_.IsEmpty()) compat::SetContinuationData(isolate_, next->continuation_.Get(isolate_));
  SigintWatch::Retarget(isolate_, next->slice_);
}

void Fiber::Answer(Fiber* next, Outcome outcome, bool has_value) {
  if (next != nullptr) {
    next->worker_->inbox().Handoff(Word(static_cast<int32_t>(ResumeMode::kValue), false));
    return;
  }
  // Read before opening: the resumer may free this fiber as soon as the gate opens.
  Reply* reply = reply_;
  reply->from = this;
  reply->gate.Handoff(Word(static_cast<int32_t>(outcome), has_value));
}

void Fiber::TakeBackPass(Fiber* next) {
  next->running_ = false;
  reply_ = next->reply_;
  next->reply_ = nullptr;
  running_ = true;
  if (!continuation_.IsEmpty()) compat::SetContinuationData(isolate_, continuation_.Get(isolate_));
  SigintWatch::Retarget(isolate_, slice_);
}

void Fiber::HandThreadTo(Fiber* next, Worker& worker) {
  finished_ = true;
  PassTo(next);
  next->started_ = true;
  next->worker_ = &worker;
  worker_ = nullptr;
  registry_->count_hot_start();
  registry_->NoteFinishedInPass(this);
}

void Fiber::ThreadMain(Worker& worker, void* arg) {
  Fiber* self = static_cast<Fiber*>(arg);
  v8::Isolate* isolate = self->isolate_;
  current_worker = &worker;
  Outcome outcome;
  bool has_value = false;
  Fiber* next = nullptr;
  {
    IsolateLease lease(isolate, self->context_);
    self->registry_->host_stop().TerminateIfStopping(isolate);
    // V8 gave this thread the default limit (984 KB below here); let JavaScript
    // use the large stack the pool gave the thread instead.
    if (worker.stack_low() != 0) isolate->SetStackLimit(worker.stack_low() + kStackMargin);

    // One fiber after another while each one's end starts the next here (StartAtFinish).
    for (;;) {
      current_fiber = self;
      Fiber* start_here = nullptr;
      {
        // One scope per fiber: a thread that starts many in a row must not keep each one's handles.
        v8::HandleScope handles(isolate);
        v8::TryCatch try_catch(isolate);
        v8::Local<v8::Value> sent = Take(isolate, self->transfer_, self->transfer_.IsEmpty() ? 0 : kHasValue);
        v8::Local<v8::Function> fn = self->fn_.Get(isolate);
        self->fn_.Reset();
        v8::MaybeLocal<v8::Value> result = fn->Call(lease.context(), v8::Undefined(isolate), 1, &sent);
        if (try_catch.HasTerminated()) {
          // Ctrl+C in a busy loop, or the unwinding of a suspended fiber at exit; or the
          // host's termination, which the resumer takes up again (see Resume).
          isolate->CancelTerminateExecution();
          outcome = self->termination_claimed_ ? Outcome::kTerminated : Outcome::kHostTerminated;
        } else if (result.IsEmpty()) {
          outcome = Outcome::kThrew;
          self->transfer_.Reset(isolate, try_catch.Exception());
          has_value = true;
        } else {
          outcome = Outcome::kReturned;
          has_value = Put(isolate, self->transfer_, result.ToLocalChecked());
          // A pass or start asked for at the end goes ahead only if the next fiber can still take it.
          if (self->pass_at_finish_ != nullptr && self->pass_at_finish_->CanTakePass() && !has_value) {
            next = self->pass_at_finish_;
          } else if (self->start_at_finish_ != nullptr && self->start_at_finish_->CanStartHere(*self) && !has_value) {
            start_here = self->start_at_finish_;
          }
        }
      }
      self->pass_at_finish_ = nullptr;
      self->start_at_finish_ = nullptr;
      if (start_here == nullptr) break;
      Fiber* finished = self;
      self = start_here;
      finished->HandThreadTo(self, worker);
      finished->context_.Reset();
    }
    self->context_.Reset();
    if (next != nullptr) {
      self->finished_ = true;
      self->PassTo(next);
      self->registry_->count_pass();
      self->registry_->NoteFinishedInPass(self);
    }
  }
  current_fiber = nullptr;
  current_worker = nullptr;
  // `self` may be freed as soon as the next fiber or the resumer runs: this thread
  // touches it no more. The resumer gives this thread back to the pool (after a
  // pass, at the end of the resume in progress: Registry::FreeFinishedInPasses),
  // and Worker::Main waits for the next job.
  self->Answer(next, outcome, has_value);
}

v8::MaybeLocal<v8::Value> Fiber::Yield(v8::Isolate* isolate, v8::Local<v8::Value> value, Fiber* next) {
  Fiber* self = current_fiber;
  Worker* worker = current_worker;
  // A pass sends nothing: the next fiber's wait() reads its outcome in JavaScript.
  const bool has_value = next == nullptr && Put(isolate, self->transfer_, value);
  const bool start_next = next != nullptr && !next->started_;
  if (next != nullptr) {
    self->PassTo(next);
    self->registry_->count_pass();
    if (start_next) next->started_ = true;
  }
  uint32_t order = 0;
  bool no_thread = false;
  {
    IsolateRelease release(isolate);
    // A fiber not started yet gets a thread now that the isolate is free: started
    // before, it would wake only to block on V8's lock (two wake-ups for one hand-off).
    bool woke;
    if (start_next)
      no_thread = !ThreadPool::Get().Run(ThreadMain, next, &next->worker_, &woke);
    else
      self->Answer(next, Outcome::kYielded, has_value);
    if (!no_thread) order = worker->inbox().Wait();
  }
  if (no_thread) {
    // No thread for it: this fiber answers its resumer after all, which starts it (and reports the failure).
    next->started_ = false;
    self->TakeBackPass(next);
    IsolateRelease release(isolate);
    self->Answer(nullptr, Outcome::kYielded, false);
    order = worker->inbox().Wait();
  }
  self->registry_->host_stop().TerminateIfStopping(isolate);
  v8::Local<v8::Value> sent = Take(isolate, self->transfer_, order);
  switch (static_cast<ResumeMode>(Code(order))) {
    case ResumeMode::kValue:
      return sent;
    case ResumeMode::kThrow:
      isolate->ThrowException(sent);
      return {};
    case ResumeMode::kTerminate:
      self->ClaimTermination();
      isolate->TerminateExecution();
      return {};
  }
  return {};
}

}  // namespace balrog
