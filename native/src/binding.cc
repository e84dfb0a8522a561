// The JavaScript face of the addon: thin functions that check their arguments,
// call into the model, and turn failures into JS errors with a stable `code`
// in one place (ThrowCoded). The TypeScript layer (src/core) maps those codes
// to balrog's error classes.
#include <node.h>

#include <string>

#include "bench_floor.h"
#include "cpu_budget.h"
#include "error_codes.h"
#include "fiber.h"
#include "local_wake.h"
#include "registry.h"
#include "sigint.h"
#include "thread_pool.h"
#include "v8_compat.h"

namespace balrog {
namespace {

using v8::Context;
using v8::FunctionCallbackInfo;
using v8::Isolate;
using v8::Local;
using v8::Value;

void ThrowCoded(Isolate* isolate, const char* code, const char* message) {
  Local<Context> context = isolate->GetCurrentContext();
  Local<Value> error = v8::Exception::Error(v8::String::NewFromUtf8(isolate, message).ToLocalChecked());
  error.As<v8::Object>()
      ->Set(context, v8::String::NewFromUtf8Literal(isolate, "code"),
            v8::String::NewFromUtf8(isolate, code).ToLocalChecked())
      .Check();
  isolate->ThrowException(error);
}

Registry* RegistryOf(const FunctionCallbackInfo<Value>& info) {
  return static_cast<Registry*>(compat::ExternalValue(info.Data()));
}

Fiber* FiberArg(const FunctionCallbackInfo<Value>& info) {
  if (!info[0]->IsUint32()) return nullptr;
  return RegistryOf(info)->Find(info[0].As<v8::Uint32>()->Value());
}

// The fiber running the caller, or null with NotInFiber thrown: `what` may be called only inside one.
Fiber* CallingFiber(Isolate* isolate, const char* what) {
  Fiber* fiber = Fiber::Current();
  if (fiber != nullptr && fiber->isolate() == isolate) return fiber;
  std::string message = std::string(what) + " must be called inside a fiber";
  ThrowCoded(isolate, codes::kNotInFiber, message.c_str());
  return nullptr;
}

// create(fn, owner?) -> id; the fiber is freed if `owner` is collected before it starts
void Create(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsFunction()) return ThrowCoded(isolate, codes::kInvalidArgType, "a fiber needs a function");
  Local<v8::Object> owner = info[1]->IsObject() ? info[1].As<v8::Object>() : Local<v8::Object>();
  Fiber* fiber = RegistryOf(info)->Add(info[0].As<v8::Function>(), isolate->GetCurrentContext(), owner);
  info.GetReturnValue().Set(fiber->id());
}

// resume(id, value, mode) -> the yielded or returned value; status[0] = outcome
void Resume(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Registry* registry = RegistryOf(info);
  Fiber* fiber = FiberArg(info);
  if (fiber == nullptr) return ThrowCoded(isolate, codes::kFiberState, "this fiber has finished");
  if (fiber->running()) return ThrowCoded(isolate, codes::kFiberState, "this fiber is already running");
  const int32_t mode = info[2]->IsUndefined() ? 0 : info[2]->IsInt32() ? info[2].As<v8::Int32>()->Value() : -1;
  if (mode < 0 || mode > 2) {
    return ThrowCoded(isolate, codes::kInvalidArgValue,
                      "resume(id, value, mode): mode must be 0 (value), 1 (throw) or 2 (terminate)");
  }

  Fiber::Outcome outcome = Fiber::Outcome::kThrew;
  bool start_failed = false;
  Fiber* answered = fiber;
  registry->count_switch();
  v8::MaybeLocal<Value> result =
      fiber->Resume(info[1], static_cast<Fiber::ResumeMode>(mode), &outcome, &start_failed, &answered);
  registry->FreeFinishedInPasses();
  if (start_failed) {
    registry->Remove(fiber);
    return ThrowCoded(isolate, codes::kThreadLimit,
                      "could not start a thread for this fiber: the system's thread limit is reached "
                      "(each suspended fiber holds a thread; let some finish, or raise `ulimit -u`)");
  }
  registry->set_outcome(outcome);
  if (answered->finished()) registry->Remove(answered);
  Local<Value> value;
  if (result.ToLocal(&value)) info.GetReturnValue().Set(value);
}

// yield(value) -> the value the next resume sends
void Yield(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Fiber* fiber = CallingFiber(isolate, "yield");
  if (fiber == nullptr) return;
  Local<Value> value;
  if (Fiber::Yield(isolate, info[0]).ToLocal(&value)) info.GetReturnValue().Set(value);
}

// The fiber that may take a pass from the calling fiber: `id`'s, if it is suspended
// (or, with `unstarted`, not started yet and made in the caller's context).
Fiber* PassTarget(const FunctionCallbackInfo<Value>& info, Fiber* self, bool unstarted = false) {
  Fiber* next = FiberArg(info);
  if (next == nullptr || next == self || !(next->CanTakePass() || (unstarted && next->CanStartHere(*self)))) {
    ThrowCoded(info.GetIsolate(), codes::kFiberState, "a pass must go to another fiber that is suspended");
    return nullptr;
  }
  return next;
}

// pass(id) -> what the next resume sends: suspends the calling fiber like yield(undefined), but
// hands the isolate straight to suspended fiber `id` (or starts `id`, not started yet, on a
// thread of its own), which then answers the caller's resumer.
void Pass(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Fiber* self = CallingFiber(isolate, "pass");
  if (self == nullptr) return;
  Fiber* next = FiberArg(info);
  // One not started that this thread's context cannot host: the caller's resumer starts it instead.
  if (next != nullptr && !next->started() && !next->CanStartHere(*self))
    next = nullptr;
  else if ((next = PassTarget(info, self, true)) == nullptr)
    return;
  Local<Value> value;
  if (Fiber::Yield(isolate, v8::Undefined(isolate), next).ToLocal(&value)) info.GetReturnValue().Set(value);
}

// passAtFinish(id): if the calling fiber's function returns undefined next, suspended fiber `id`
// runs on instead of its resumer being woken. The caller's function must return right after.
void PassAtFinish(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Fiber* self = CallingFiber(isolate, "passAtFinish");
  if (self == nullptr) return;
  Fiber* next = PassTarget(info, self);
  if (next != nullptr) self->PassAtFinish(next);
}

// startAtFinish(id): if the calling fiber's function returns undefined next, its thread starts fiber `id`
// (created in the same context, not started) itself, with no hand-off; `id` then answers the caller's
// resumer. The caller's function must return right after.
void StartAtFinish(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Fiber* self = CallingFiber(isolate, "startAtFinish");
  if (self == nullptr) return;
  Fiber* next = FiberArg(info);
  if (next == nullptr || !next->CanStartHere(*self)) {
    return ThrowCoded(isolate, codes::kFiberState,
                      "a start at a fiber's end must go to a fiber of the same context that has not started");
  }
  self->StartAtFinish(next);
}

// peek(promise) -> its value when settled; status[1] = 0 pending, 1 fulfilled, 2 rejected.
// Lets wait() return an already-settled promise's value without a thread switch.
void Peek(const FunctionCallbackInfo<Value>& info) {
  Registry* registry = RegistryOf(info);
  if (!info[0]->IsPromise()) return registry->set_peek(0);
  Local<v8::Promise> promise = info[0].As<v8::Promise>();
  switch (promise->State()) {
    case v8::Promise::kPending:
      return registry->set_peek(0);
    case v8::Promise::kFulfilled:
      registry->set_peek(1);
      break;
    case v8::Promise::kRejected:
      registry->set_peek(2);
      break;
  }
  info.GetReturnValue().Set(promise->Result());
}

// release(id): frees a fiber that was created but never started (its JS object was collected).
void Release(const FunctionCallbackInfo<Value>& info) {
  Fiber* fiber = FiberArg(info);
  if (fiber != nullptr && !fiber->started()) RegistryOf(info)->Remove(fiber);
}

// currentId() -> the id of the fiber running this code, or 0
void CurrentId(const FunctionCallbackInfo<Value>& info) {
  Fiber* fiber = Fiber::Current();
  info.GetReturnValue().Set(fiber != nullptr && fiber->isolate() == info.GetIsolate() ? fiber->id() : 0);
}

// setSigintInterrupt(on) -> whether it is on for this isolate
void SetSigintInterrupt(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  if (info[0]->BooleanValue(isolate)) {
    info.GetReturnValue().Set(SigintWatch::Enable(isolate));
  } else {
    SigintWatch::Disable(isolate);
    info.GetReturnValue().Set(false);
  }
}

// stats() -> { threads, idleThreads, spareThreads, fibers, switches, passes, hotStarts, parks, wakes, localWakes,
// usableCpus, spinning, wakesStayLocal, watchesHostStop }
void Stats(const FunctionCallbackInfo<Value>& info) {
  Isolate* isolate = info.GetIsolate();
  Local<Context> context = isolate->GetCurrentContext();
  ThreadPool::Stats pool = ThreadPool::Get().stats();
  Local<v8::Object> result = v8::Object::New(isolate);
  auto set = [&](const char* key, double value) {
    result->Set(context, v8::String::NewFromUtf8(isolate, key).ToLocalChecked(), v8::Number::New(isolate, value))
        .Check();
  };
  set("threads", static_cast<double>(pool.threads));
  set("idleThreads", static_cast<double>(pool.idle));
  set("spareThreads", static_cast<double>(pool.spares_made));
  set("fibers", static_cast<double>(RegistryOf(info)->size()));
  set("switches", static_cast<double>(RegistryOf(info)->switches()));
  set("passes", static_cast<double>(RegistryOf(info)->passes()));
  set("hotStarts", static_cast<double>(RegistryOf(info)->hot_starts()));
  set("parks", static_cast<double>(gate_counters.parks.load(std::memory_order_relaxed)));
  set("wakes", static_cast<double>(gate_counters.wakes.load(std::memory_order_relaxed)));
  set("localWakes", static_cast<double>(gate_counters.local_wakes.load(std::memory_order_relaxed)));
  set("usableCpus", static_cast<double>(UsableCpus()));
  result->Set(context, v8::String::NewFromUtf8Literal(isolate, "spinning"), v8::Boolean::New(isolate, SpinningPays()))
      .Check();
  result
      ->Set(context, v8::String::NewFromUtf8Literal(isolate, "wakesStayLocal"), v8::Boolean::New(isolate, LocalWakes()))
      .Check();
  result
      ->Set(context, v8::String::NewFromUtf8Literal(isolate, "watchesHostStop"),
            v8::Boolean::New(isolate, RegistryOf(info)->host_stop().watching()))
      .Check();
  info.GetReturnValue().Set(result);
}

// benchIsolateHandoff(n, parked?) / benchSpinHandoff(n) -> nanoseconds per round trip (the benchmark's floors)
void BenchIsolateHandoff(const FunctionCallbackInfo<Value>& info) {
  uint32_t n = info[0]->IsUint32() ? info[0].As<v8::Uint32>()->Value() : 100000;
  info.GetReturnValue().Set(MeasureIsolateHandoff(info.GetIsolate(), n, info[1]->IsTrue()));
}

void BenchSpinHandoff(const FunctionCallbackInfo<Value>& info) {
  uint32_t n = info[0]->IsUint32() ? info[0].As<v8::Uint32>()->Value() : 100000;
  info.GetReturnValue().Set(MeasureSpinHandoff(n));
}

// benchParkedHandoff(n) -> nanoseconds per round trip between two bare threads that park at every hand-off
void BenchParkedHandoff(const FunctionCallbackInfo<Value>& info) {
  uint32_t n = info[0]->IsUint32() ? info[0].As<v8::Uint32>()->Value() : 10000;
  info.GetReturnValue().Set(MeasureParkedHandoff(n));
}

// benchThreadStart(n) -> nanoseconds per bare thread started and parked (the floor of a new suspended fiber), -1 if the
// OS refused one
void BenchThreadStart(const FunctionCallbackInfo<Value>& info) {
  uint32_t n = info[0]->IsUint32() ? info[0].As<v8::Uint32>()->Value() : 1000;
  info.GetReturnValue().Set(MeasureThreadStart(n));
}

// benchThreadPark() -> id of a bare thread started and parked, -1 if the OS refused one;
// benchThreadWake(id): wakes it and waits for its answer (the floor in place of a request suspended in a thread)
void BenchThreadPark(const FunctionCallbackInfo<Value>& info) { info.GetReturnValue().Set(StartParkedThread()); }

void BenchThreadWake(const FunctionCallbackInfo<Value>& info) {
  if (info[0]->IsInt32()) WakeParkedThread(info[0].As<v8::Int32>()->Value());
}

// benchIsolatePass(helper = 0): one round trip of the isolate to bare helper thread number `helper` and back;
// benchIsolatePassStop(): ends the helpers (before exit) (the floor in place of a design that hands the isolate over)
void BenchIsolatePass(const FunctionCallbackInfo<Value>& info) {
  const uint32_t helper = info[0]->IsUint32() ? info[0].As<v8::Uint32>()->Value() : 0;
  IsolatePass(info.GetIsolate(), helper < 4096 ? helper : 0);
}

void BenchIsolatePassStop(const FunctionCallbackInfo<Value>&) { StopIsolatePass(); }

void SetMethod(Isolate* isolate, Local<Context> context, Local<v8::Object> target, const char* name,
               v8::FunctionCallback callback, Local<Value> data) {
  Local<v8::String> key = v8::String::NewFromUtf8(isolate, name).ToLocalChecked();
  Local<v8::Function> fn = v8::Function::New(context, callback, data).ToLocalChecked();
  fn->SetName(key);
  target->Set(context, key, fn).Check();
}

}  // namespace
}  // namespace balrog

NODE_MODULE_INIT(/* exports, module, context */) {
  using namespace balrog;
  // V8 14 removed Context::GetIsolate(); the initializing thread has the isolate entered.
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  Registry* registry = Registry::Create(isolate, context);
  v8::Local<v8::Value> data = compat::NewExternal(isolate, registry);
  SetMethod(isolate, context, exports, "create", Create, data);
  SetMethod(isolate, context, exports, "resume", Resume, data);
  SetMethod(isolate, context, exports, "yield", Yield, data);
  SetMethod(isolate, context, exports, "pass", Pass, data);
  SetMethod(isolate, context, exports, "passAtFinish", PassAtFinish, data);
  SetMethod(isolate, context, exports, "startAtFinish", StartAtFinish, data);
  SetMethod(isolate, context, exports, "release", Release, data);
  SetMethod(isolate, context, exports, "peek", Peek, data);
  SetMethod(isolate, context, exports, "currentId", CurrentId, data);
  SetMethod(isolate, context, exports, "setSigintInterrupt", SetSigintInterrupt, data);
  SetMethod(isolate, context, exports, "stats", Stats, data);
  SetMethod(isolate, context, exports, "benchIsolateHandoff", BenchIsolateHandoff, data);
  SetMethod(isolate, context, exports, "benchSpinHandoff", BenchSpinHandoff, data);
  SetMethod(isolate, context, exports, "benchThreadStart", BenchThreadStart, data);
  SetMethod(isolate, context, exports, "benchParkedHandoff", BenchParkedHandoff, data);
  SetMethod(isolate, context, exports, "benchThreadPark", BenchThreadPark, data);
  SetMethod(isolate, context, exports, "benchThreadWake", BenchThreadWake, data);
  SetMethod(isolate, context, exports, "benchIsolatePass", BenchIsolatePass, data);
  SetMethod(isolate, context, exports, "benchIsolatePassStop", BenchIsolatePassStop, data);
  exports->Set(context, v8::String::NewFromUtf8Literal(isolate, "status"), registry->NewStatusArray()).Check();
}
