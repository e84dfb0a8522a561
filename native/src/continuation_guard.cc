#include "continuation_guard.h"

namespace balrog {

ContinuationGuard::ContinuationGuard(v8::Isolate* isolate) : isolate_(isolate) {
  if (!compat::kHasContinuationData) return;
  isolate->AddGCPrologueCallback(Prologue, this);
  isolate->AddGCEpilogueCallback(Epilogue, this);
}

ContinuationGuard::~ContinuationGuard() {
  if (!compat::kHasContinuationData) return;
  isolate_->RemoveGCPrologueCallback(Prologue, this);
  isolate_->RemoveGCEpilogueCallback(Epilogue, this);
}

void ContinuationGuard::Prologue(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  auto* self = static_cast<ContinuationGuard*>(data);
  if (self->depth_++ > 0) return;
  v8::HandleScope scope(isolate);
  v8::Local<compat::ContinuationData> current = compat::GetContinuationData(isolate);
  if (current.IsEmpty() || (current->IsValue() && current.As<v8::Value>()->IsUndefined())) return;
  self->held_.Reset(isolate, current);
  compat::SetContinuationData(isolate, v8::Undefined(isolate));
}

void ContinuationGuard::Epilogue(v8::Isolate* isolate, v8::GCType, v8::GCCallbackFlags, void* data) {
  auto* self = static_cast<ContinuationGuard*>(data);
  if (--self->depth_ > 0 || self->held_.IsEmpty()) return;
  v8::HandleScope scope(isolate);
  compat::SetContinuationData(isolate, self->held_.Get(isolate));
  self->held_.Reset();
}

}  // namespace balrog
