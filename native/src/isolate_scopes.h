// Scoped objects for handing the isolate between threads. Every lock and unlock
// in the hand-off is one of these, declared in order, so that construction takes
// them in order and destruction gives them back in reverse.
#ifndef BALROG_ISOLATE_SCOPES_H_
#define BALROG_ISOLATE_SCOPES_H_

#include <v8.h>

namespace balrog {

// Leaves the isolate on this thread for the scope's lifetime, and enters it again
// (as many times as it was entered) at the end.
//
// Why: V8 keeps the isolate's entry stack per isolate, not per thread. If a fiber
// thread stayed entered while parked, the stack would stop being LIFO as soon as
// fibers are resumed in another order than they were started, and Node's teardown
// would abort with "Disposing the isolate that is entered by a thread". Leaving
// before every hand-off keeps exactly one entry, the running thread's, on top.
class IsolateExitScope {
 public:
  explicit IsolateExitScope(v8::Isolate* isolate) : isolate_(isolate) {
    while (v8::Isolate::TryGetCurrent() == isolate_) {
      isolate_->Exit();
      depth_++;
    }
  }
  ~IsolateExitScope() {
    for (int i = 0; i < depth_; i++) isolate_->Enter();
  }
  IsolateExitScope(const IsolateExitScope&) = delete;
  IsolateExitScope& operator=(const IsolateExitScope&) = delete;

 private:
  v8::Isolate* isolate_;
  int depth_ = 0;
};

// Lets another thread run JavaScript for the scope's lifetime: leaves the isolate,
// then unlocks it; at the end, locks and re-enters it (V8 restores this thread's
// archived state: handle scopes, stack guard, debugger state).
class IsolateRelease {
 public:
  explicit IsolateRelease(v8::Isolate* isolate) : exit_(isolate), unlocker_(isolate) {}

 private:
  IsolateExitScope exit_;
  v8::Unlocker unlocker_;
};

// Everything a fiber thread needs to run JavaScript in the context it was created in.
class IsolateLease {
 public:
  IsolateLease(v8::Isolate* isolate, const v8::Global<v8::Context>& context)
      : locker_(isolate),
        isolate_scope_(isolate),
        handle_scope_(isolate),
        context_(context.Get(isolate)),
        context_scope_(context_) {}

  v8::Local<v8::Context> context() const { return context_; }

 private:
  v8::Locker locker_;
  v8::Isolate::Scope isolate_scope_;
  v8::HandleScope handle_scope_;
  v8::Local<v8::Context> context_;
  v8::Context::Scope context_scope_;
};

}  // namespace balrog

#endif  // BALROG_ISOLATE_SCOPES_H_
