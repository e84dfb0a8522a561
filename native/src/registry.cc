#include "registry.h"

#include <node.h>

#include <iterator>
#include <vector>

#include "sigint.h"

namespace balrog {

Registry* Registry::Create(v8::Isolate* isolate, v8::Local<v8::Context> context) {
  // The host-stop probe is made first: its N-API environment's cleanup hook must run after ours.
  Registry* registry = new Registry(isolate, context);
  registry->status_store_ = v8::ArrayBuffer::NewBackingStore(isolate, 4 * sizeof(int32_t));
  registry->status_ = static_cast<int32_t*>(registry->status_store_->Data());
  node::AddEnvironmentCleanupHook(isolate, OnEnvironmentCleanup, registry);
  return registry;
}

v8::Local<v8::Int32Array> Registry::NewStatusArray() {
  v8::Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(isolate_, status_store_);
  return v8::Int32Array::New(buffer, 0, 4);
}

Fiber* Registry::Add(v8::Local<v8::Function> fn, v8::Local<v8::Context> context, v8::Local<v8::Object> owner) {
  // Each sweep walks every fiber, so it waits for a batch of abandoned ones, or
  // for them to be half of all: the walk costs at most two steps per fiber freed.
  if (abandoned_ > 0 && (abandoned_ >= kAbandonedBatch || abandoned_ * 2 >= fibers_.size())) FreeAbandoned();
  uint32_t id = next_id_++;
  if (next_id_ == 0) next_id_ = 1;
  auto fiber = std::make_unique<Fiber>(isolate_, this, id, fn, context);
  Fiber* raw = fiber.get();
  fibers_.emplace(id, std::move(fiber));
  if (!owner.IsEmpty()) raw->WatchOwner(owner);
  return raw;
}

void Registry::FreeAbandoned() {
  for (auto it = fibers_.begin(); it != fibers_.end();) {
    it = it->second->abandoned() ? fibers_.erase(it) : std::next(it);
  }
  abandoned_ = 0;
}

Fiber* Registry::Find(uint32_t id) const {
  auto it = fibers_.find(id);
  return it == fibers_.end() ? nullptr : it->second.get();
}

void Registry::Remove(Fiber* fiber) { fibers_.erase(fiber->id()); }

void Registry::FreeFinishedInPasses() {
  for (Fiber* fiber : finished_in_passes_) {
    fiber->ReturnThread();
    Remove(fiber);
  }
  finished_in_passes_.clear();
}

// A suspended fiber's thread sits inside JavaScript frames. Left alone, Node's
// teardown would dispose the isolate under it; instead each one is resumed with
// a termination, which unwinds its frames (no finally blocks run, as with
// worker.terminate()), and its thread goes back to the pool.
void Registry::UnwindSuspended() {
  v8::HandleScope scope(isolate_);
  std::vector<Fiber*> suspended;
  for (auto& entry : fibers_) {
    Fiber* fiber = entry.second.get();
    if (fiber->started() && !fiber->finished() && !fiber->running()) suspended.push_back(fiber);
  }
  for (Fiber* fiber : suspended) {
    Fiber::Outcome outcome;
    bool start_failed;
    Fiber* answered;
    (void)fiber->Resume(v8::Undefined(isolate_), Fiber::ResumeMode::kTerminate, &outcome, &start_failed, &answered);
  }
}

void Registry::OnEnvironmentCleanup(void* self) {
  Registry* registry = static_cast<Registry*>(self);
  SigintWatch::Disable(registry->isolate_);
  registry->host_stop_.Detach();
  registry->UnwindSuspended();
  delete registry;
}

}  // namespace balrog
