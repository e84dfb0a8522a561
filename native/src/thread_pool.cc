#include "thread_pool.h"

#include <dlfcn.h>

namespace balrog {

namespace {
// The pool's threads run this library's code for the rest of the process. Node
// unloads an addon (dlclose) when the last environment that loaded it ends, for
// example a worker_thread that was the only user of balrog: parked pool threads
// then ran unmapped code (a segfault at exit, or when the worker ended). So the
// library pins itself once it has threads.
void PinThisLibrary() {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinThisLibrary), &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
  }
}
}  // namespace

ThreadPool& ThreadPool::Get() {
  static ThreadPool* pool = [] {
    PinThisLibrary();
    return new ThreadPool();  // leaked on purpose, see the header
  }();
  return *pool;
}

void* Worker::Main(void* self) {
  Worker* worker = static_cast<Worker*>(self);
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* low = nullptr;
    size_t size = 0;
    pthread_attr_getstack(&attr, &low, &size);
    worker->stack_low_ = reinterpret_cast<uintptr_t>(low);
    pthread_attr_destroy(&attr);
  }
  for (;;) {
    worker->inbox_.Wait();
    if (worker->exit_) break;
    worker->job_(*worker, worker->arg_);
  }
  delete worker;
  return nullptr;
}

bool ThreadPool::Run(Job job, void* arg, Worker** assigned, bool* woke) {
  Worker* worker = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      worker = idle_.back();
      idle_.pop_back();
    }
  }
  if (worker == nullptr) {
    worker = new Worker();
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, kStackSize);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int error = pthread_create(&thread, &attr, Worker::Main, worker);
    pthread_attr_destroy(&attr);
    if (error != 0) {
      delete worker;
      return false;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    threads_++;
  }
  worker->job_ = job;
  worker->arg_ = arg;
  *assigned = worker;
  *woke = worker->inbox_.Open();
  return true;
}

void ThreadPool::Release(Worker& worker) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (idle_.size() < kMaxIdle) {
    idle_.push_back(&worker);
    return;
  }
  threads_--;
  worker.exit_ = true;
  worker.inbox_.Open();  // seen by the worker's own next Wait(): it ends its loop
}

ThreadPool::Stats ThreadPool::stats() {
  std::lock_guard<std::mutex> lock(mutex_);
  return {threads_, idle_.size()};
}

}  // namespace balrog
