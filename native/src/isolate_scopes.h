// Scoped objects for handing the isolate between threads. Every lock and unlock
// in the hand-off is one of these, declared in order, so that construction takes
// them in order and destruction gives them back in reverse.
#ifndef BALROG_ISOLATE_SCOPES_H_
#define BALROG_ISOLATE_SCOPES_H_

#include <v8.h>

namespace balrog {

// Lets another thread run JavaScript for the scope's lifetime: unlocks the
// isolate; at the end, locks it again (V8 restores this thread's archived state:
// handle scopes, stack guard, debugger state).
//
// The thread stays *entered* in the isolate while it waits, on purpose. On V8 11
// (Node 20) re-locking re-applies the debugger's break points, which needs
// Isolate::Current() on this thread: a thread that had left the isolate crashed
// there as soon as a debugger set a breakpoint. V8 keeps the entries of all
// threads on one per-isolate stack, so while fibers are suspended that stack
// is not in their order; its items are interchangeable (each fiber thread and
// the main thread enter exactly once, from no isolate), and every fiber leaves
// before Node disposes the isolate (Registry unwinds the suspended ones), which
// is what "Disposing the isolate that is entered by a thread" checks.
//
// Re-locking alone does not tell the heap which stack is now "the stack": V8
// records one stack start per heap, set only by Isolate::Enter(). cppgc's
// conservative scan (and V8's stack marker) walks from the current stack
// pointer up to that start, so a GC on a thread other than the one that entered
// last walked across other threads' stacks and guard pages (the Node 20 segfault
// in heap::base::Stack::IteratePointers) or, when the start lay below the
// pointer, scanned nothing and missed this thread's roots. A nested
// Enter()/Exit() pair after the re-lock re-points the stack start at this thread
// (its start is cached per thread by V8, so the pair costs a few loads and stores)
// and leaves the entry stack as it was.
class IsolateRelease {
 public:
  explicit IsolateRelease(v8::Isolate* isolate) : stack_(isolate), unlocker_(isolate) {}

 private:
  // Destroyed after the unlocker, that is, once this thread holds the isolate again.
  class ClaimStack {
   public:
    explicit ClaimStack(v8::Isolate* isolate) : isolate_(isolate) {}
    ~ClaimStack() {
      isolate_->Enter();
      isolate_->Exit();
    }

   private:
    v8::Isolate* isolate_;
  };

  ClaimStack stack_;
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
