// Keeps V8 from moving the async context (AsyncLocalStorage's frame) twice in one GC.
//
// V8 keeps the continuation-preserved embedder data (where Node >= 24 holds the
// AsyncContextFrame) in one slot per isolate, but its GC visits that slot once for
// the running thread and once more for every thread archived by a v8::Unlocker,
// that is, for every suspended fiber (Isolate::Iterate(RootVisitor*, ThreadLocalTop*)).
// A scavenge then evacuates the same young object again from to-space: the first
// copy, which every other reference was moved to, is left holding a forwarding
// word, and the next GC or property access meets a corrupt object (SIGSEGV,
// "unreachable code" in Scavenger::Process). Threads archived this way occur only
// with Locker-based multithreading, which is why plain Node never meets it.
//
// So for the length of each GC the slot holds undefined, and its value lives in
// a Global, which the GC visits exactly once: the prologue moves it there, the
// epilogue puts it back.
#ifndef BALROG_CONTINUATION_GUARD_H_
#define BALROG_CONTINUATION_GUARD_H_

#include <v8.h>

#include "v8_compat.h"

namespace balrog {

class ContinuationGuard {
 public:
  explicit ContinuationGuard(v8::Isolate* isolate);
  ~ContinuationGuard();
  ContinuationGuard(const ContinuationGuard&) = delete;
  ContinuationGuard& operator=(const ContinuationGuard&) = delete;

 private:
  static void Prologue(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* self);
  static void Epilogue(v8::Isolate* isolate, v8::GCType type, v8::GCCallbackFlags flags, void* self);

  v8::Isolate* isolate_;
  v8::Global<compat::ContinuationData> held_;
  // GCs nest (a scavenge inside incremental marking): only the outermost swaps.
  int depth_ = 0;
};

}  // namespace balrog

#endif  // BALROG_CONTINUATION_GUARD_H_
