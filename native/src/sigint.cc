#include "sigint.h"

#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <mutex>

#include "fiber.h"
#include "thread_pool.h"

namespace balrog {

namespace {
std::atomic<v8::Isolate*> watched_isolate{nullptr};
std::atomic<uint64_t> running_slice{0};
std::mutex watch_mutex;  // held while the isolate pointer is used off its thread
sem_t wakeups;
struct sigaction previous_action;
bool watchdog_started = false;

// The slice an interrupt was requested for and that no one has acted on yet:
// either the interrupt (OnInterrupt) or the watchdog, when the slice stopped
// running first, takes it, so a signal is spent exactly once.
std::atomic<uint64_t> requested_slice{0};

bool TakeRequest(uint64_t slice) {
  uint64_t expected = slice;
  return requested_slice.compare_exchange_strong(expected, 0);
}

// A signal that reached no running slice goes on as if it had just arrived: to
// the slice running now, if any, or else to the handler Node installed.
void Forward() { kill(getpid(), SIGINT); }

void OnInterrupt(v8::Isolate* isolate, void* data) {
  uint64_t slice = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(data));
  if (!TakeRequest(slice)) return;
  Fiber* fiber = Fiber::Current();
  if (fiber != nullptr && fiber->isolate() == isolate && fiber->slice() == slice) {
    fiber->ClaimTermination();
    isolate->TerminateExecution();
    return;
  }
  // The slice yielded between the signal and this interrupt (say, an input that
  // reached its await): the Ctrl+C is for whatever runs now.
  Forward();
}

void* Watchdog(void*) {
  for (;;) {
    while (sem_wait(&wakeups) != 0) {
    }
    uint64_t slice;
    {
      std::lock_guard<std::mutex> lock(watch_mutex);
      v8::Isolate* isolate = watched_isolate.load();
      slice = running_slice.load();
      if (isolate == nullptr || slice == 0) continue;
      requested_slice.store(slice);
      isolate->RequestInterrupt(OnInterrupt, reinterpret_cast<void*>(static_cast<uintptr_t>(slice)));
    }
    // V8 runs the interrupt at the next JavaScript on the slice's thread. If the
    // slice stops running first (it waits now, and nothing else runs), the
    // interrupt would come late or never, and the signal would be lost: hand it on.
    for (int i = 0; i < 200 && requested_slice.load() == slice; i++) {
      usleep(5000);
      if (running_slice.load() != slice && TakeRequest(slice)) Forward();
    }
  }
  return nullptr;
}

void OnSigint(int signal, siginfo_t* info, void* context) {
  if (watched_isolate.load() != nullptr && running_slice.load() != 0) {
    // The signal is spent on the fiber. Not chained: Node's default handler would end the process.
    sem_post(&wakeups);
    return;
  }
  if (previous_action.sa_flags & SA_RESETHAND) {
    // One-shot handlers (Node's default exit handler is one) expect the kernel to
    // have reset the disposition before they run; they re-raise to die of the signal.
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGINT, &dfl, nullptr);
  }
  if (previous_action.sa_flags & SA_SIGINFO) {
    if (previous_action.sa_sigaction != nullptr) previous_action.sa_sigaction(signal, info, context);
  } else if (previous_action.sa_handler == SIG_DFL) {
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    sigaction(SIGINT, &dfl, nullptr);
    raise(SIGINT);
  } else if (previous_action.sa_handler != SIG_IGN) {
    previous_action.sa_handler(signal);
  }
}
}  // namespace

bool SigintWatch::Enable(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(watch_mutex);
  v8::Isolate* current = watched_isolate.load();
  if (current != nullptr && current != isolate) return false;
  if (!watchdog_started) {
    sem_init(&wakeups, 0, 0);
    if (!StartDetachedThread(Watchdog, nullptr)) return false;
    watchdog_started = true;
  }
  // Called again whenever Node may have replaced the handler (libuv installs its
  // own when the first 'SIGINT' listener is added): ours goes in front of whatever is there.
  struct sigaction installed = {};
  sigaction(SIGINT, nullptr, &installed);
  if (!((installed.sa_flags & SA_SIGINFO) && installed.sa_sigaction == OnSigint)) {
    struct sigaction action = {};
    action.sa_sigaction = OnSigint;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &previous_action);
  }
  watched_isolate.store(isolate);
  return true;
}

void SigintWatch::Disable(v8::Isolate* isolate) {
  std::lock_guard<std::mutex> lock(watch_mutex);
  if (watched_isolate.load() != isolate) return;
  watched_isolate.store(nullptr);
  sigaction(SIGINT, &previous_action, nullptr);
}

void SigintWatch::Retarget(v8::Isolate* isolate, uint64_t slice) {
  if (watched_isolate.load(std::memory_order_relaxed) == isolate) running_slice.store(slice);
}

SigintWatch::Slice::Slice(v8::Isolate* isolate, uint64_t slice)
    : active_(watched_isolate.load(std::memory_order_relaxed) == isolate) {
  if (active_) previous_ = running_slice.exchange(slice);
}

SigintWatch::Slice::~Slice() {
  if (active_) running_slice.store(previous_);
}

}  // namespace balrog
