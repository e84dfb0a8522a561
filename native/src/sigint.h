// Ctrl+C for a fiber stuck in a busy loop.
//
// While a fiber runs, the thread that resumed it is blocked in Fiber::Resume, so
// Node's own SIGINT handling (a libuv signal watcher on the event loop) cannot
// run. When enabled, SIGINT also wakes a watchdog thread, which asks V8 to run
// an interrupt on whichever thread runs JavaScript; if that is still the fiber
// slice that was running when the signal came, it terminates that slice. A
// signal that arrives while no fiber runs goes to the previous handler, so
// `process.on('SIGINT')` and Node's default exit keep working; so does one whose
// slice stopped running (it began to wait) before the interrupt could act.
#ifndef BALROG_SIGINT_H_
#define BALROG_SIGINT_H_

#include <v8.h>

#include <cstdint>

namespace balrog {

class SigintWatch {
 public:
  // Watches for `isolate`; one isolate at a time. Returns false if another has it.
  // Idempotent: calling it again puts the handler back in front if Node replaced it.
  static bool Enable(v8::Isolate* isolate);
  static void Disable(v8::Isolate* isolate);

  // The innermost slice is now `slice`: a fiber passed the isolate to another
  // (Fiber::PassTo) inside the Slice its resumer opened.
  static void Retarget(v8::Isolate* isolate, uint64_t slice);

  // Marks, for its lifetime, the innermost fiber slice running for `isolate`.
  class Slice {
   public:
    Slice(v8::Isolate* isolate, uint64_t slice);
    ~Slice();
    Slice(const Slice&) = delete;
    Slice& operator=(const Slice&) = delete;

   private:
    bool active_;
    uint64_t previous_ = 0;
  };
};

}  // namespace balrog

#endif  // BALROG_SIGINT_H_
