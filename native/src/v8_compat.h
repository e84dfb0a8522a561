// Every difference between the V8 versions of Node 20 (V8 11.3), 22 (12.4), 24 (13.6)
// and 26 (14.6) that the addon meets lives here, and nowhere else.
#ifndef BALROG_V8_COMPAT_H_
#define BALROG_V8_COMPAT_H_

#include <v8.h>

namespace balrog::compat {

// V8 14 deprecates untagged Externals; the tagged form does not exist before it.
#if V8_MAJOR_VERSION >= 14
// The default tag: the embedder (Node) decides how many tags exist, and a tag out of
// its range is a fatal error.
constexpr v8::ExternalPointerTypeTag kTag = v8::kExternalPointerTypeTagDefault;
inline v8::Local<v8::External> NewExternal(v8::Isolate* isolate, void* value) {
  return v8::External::New(isolate, value, kTag);
}
inline void* ExternalValue(v8::Local<v8::Value> value) { return value.As<v8::External>()->Value(kTag); }
#else
inline v8::Local<v8::External> NewExternal(v8::Isolate* isolate, void* value) {
  return v8::External::New(isolate, value);
}
inline void* ExternalValue(v8::Local<v8::Value> value) { return value.As<v8::External>()->Value(); }
#endif

// The continuation-preserved embedder data is where Node >= 24 keeps the
// AsyncLocalStorage frame (AsyncContextFrame). It is one slot per isolate, not
// per thread, so a fiber switch must swap it by hand. V8 14 moved it to
// v8::Data (the V2 API); V8 12-13 keep it on the isolate; Node 20 (V8 11) does
// not use it, so there is nothing to swap there.
#if V8_MAJOR_VERSION >= 12
constexpr bool kHasContinuationData = true;
#else
constexpr bool kHasContinuationData = false;
#endif
#if V8_MAJOR_VERSION >= 14
using ContinuationData = v8::Data;
inline v8::Local<ContinuationData> GetContinuationData(v8::Isolate* isolate) {
  return isolate->GetContinuationPreservedEmbedderDataV2();
}
inline void SetContinuationData(v8::Isolate* isolate, v8::Local<ContinuationData> data) {
  isolate->SetContinuationPreservedEmbedderDataV2(data);
}
#elif V8_MAJOR_VERSION >= 12
using ContinuationData = v8::Value;
inline v8::Local<ContinuationData> GetContinuationData(v8::Isolate* isolate) {
  return isolate->GetContinuationPreservedEmbedderData();
}
inline void SetContinuationData(v8::Isolate* isolate, v8::Local<ContinuationData> data) {
  isolate->SetContinuationPreservedEmbedderData(data);
}
#else
using ContinuationData = v8::Value;
inline v8::Local<ContinuationData> GetContinuationData(v8::Isolate*) { return {}; }
inline void SetContinuationData(v8::Isolate*, v8::Local<ContinuationData>) {}
#endif

}  // namespace balrog::compat

#endif  // BALROG_V8_COMPAT_H_
