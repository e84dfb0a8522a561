#include "host_stop.h"

#include <cstdio>
#include <string>

namespace balrog {

namespace {

// The N-API environment made by the linked binding's initialisation, which runs
// synchronously inside process._linkedBinding() on this thread.
thread_local napi_env made_env = nullptr;

napi_value InitProbe(napi_env env, napi_value exports) {
  made_env = env;
  return exports;
}

// One name per copy of the library: two copies of the package in one process must
// not reach each other's initialisation.
const char* BindingName() {
  // Made once, by whichever environment (the main thread's or a worker's) comes first.
  static const std::string name = [] {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "balrog_host_stop_%p", reinterpret_cast<void*>(&InitProbe));
    return std::string(buffer);
  }();
  return name.c_str();
}

}  // namespace

HostStop::HostStop(v8::Isolate* isolate, v8::Local<v8::Context> context) {
  node::Environment* env = node::GetCurrentEnvironment(context);
  if (env == nullptr) return;
  const char* name = BindingName();
  node::AddLinkedBinding(env, name, InitProbe, NAPI_VERSION);
  v8::HandleScope handles(isolate);
  v8::TryCatch try_catch(isolate);
  v8::Local<v8::Value> process;
  v8::Local<v8::Value> linked_binding;
  if (!context->Global()->Get(context, v8::String::NewFromUtf8Literal(isolate, "process")).ToLocal(&process) ||
      !process->IsObject() ||
      !process.As<v8::Object>()
           ->Get(context, v8::String::NewFromUtf8Literal(isolate, "_linkedBinding"))
           .ToLocal(&linked_binding) ||
      !linked_binding->IsFunction()) {
    return;
  }
  v8::Local<v8::Value> argument = v8::String::NewFromUtf8(isolate, name).ToLocalChecked();
  made_env = nullptr;
  if (linked_binding.As<v8::Function>()->Call(context, process, 1, &argument).IsEmpty()) return;
  env_ = made_env;
  made_env = nullptr;
}

bool HostStop::Stopping() const {
  if (env_ == nullptr) return false;
  // Fails with napi_invalid_arg (the null receiver) when the environment can call
  // into JavaScript, and before that check with napi_pending_exception (or
  // napi_cannot_run_js) once it is stopping. The probe's environment never runs
  // JavaScript, so it never holds an exception of its own.
  const napi_status status = napi_call_function(env_, nullptr, nullptr, 0, nullptr, nullptr);
  return status != napi_invalid_arg;
}

}  // namespace balrog
