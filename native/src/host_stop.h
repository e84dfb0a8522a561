// Whether Node is stopping the environment: worker.terminate(), process.exit()
// in a worker, the parent process exiting.
//
// Node stops a worker by marking its environment as stopping and then asking V8
// to terminate "the" thread running JavaScript (Isolate::TerminateExecution).
// V8 keeps that request in the stack guard of whichever thread holds the isolate
// and archives it with that thread's state when the thread unlocks. A request
// that arrives while the isolate is being handed from one thread to another, or
// while the thread about to unlock is in native code, therefore stays with the
// thread that handed it on, and takes effect only when that thread runs
// JavaScript again. If the fiber that took the isolate then loops, that never
// happens: the worker never ends, and the parent hangs in terminate() or exit.
// So every thread that takes the isolate in a hand-off asks whether the
// environment is stopping and, if it is, terminates itself.
//
// Node has no public call that says so. Its C API (N-API) does: every call that may
// run JavaScript first checks that the environment can still call into it, which
// is false from the moment a stop begins. The addon gets an N-API environment of
// its own through a linked binding and asks a call that fails at its next check
// (a null receiver), so it runs nothing.
#ifndef BALROG_HOST_STOP_H_
#define BALROG_HOST_STOP_H_

// node.h first: it defines the N-API version that node_api.h would otherwise default.
#include <node.h>
#include <node_api.h>
#include <v8.h>

namespace balrog {

class HostStop {
 public:
  // On the environment's main thread, in the addon's initialisation: before the
  // addon adds its own cleanup hook, so that Node frees the N-API environment
  // after that hook has run (hooks run newest first).
  explicit HostStop(v8::Isolate* isolate, v8::Local<v8::Context> context);

  // On a thread holding the isolate: true once Node has begun to stop the
  // environment. False if the probe could not be set up (then the old behaviour:
  // a stop that lands in a hand-off waits for the thread that handed on).
  bool Stopping() const;

  // Whether the probe is set up (stats().watchesHostStop).
  bool watching() const { return env_ != nullptr; }

  // Stops asking: from the start of the environment's cleanup, when balrog
  // unwinds the suspended fibers itself and the N-API environment goes away.
  void Detach() { env_ = nullptr; }

  // After a hand-off, on the thread that took the isolate.
  void TerminateIfStopping(v8::Isolate* isolate) const {
    if (Stopping()) isolate->TerminateExecution();
  }

 private:
  napi_env env_ = nullptr;
};

}  // namespace balrog

#endif  // BALROG_HOST_STOP_H_
