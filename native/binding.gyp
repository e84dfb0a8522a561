{
  "targets": [
    {
      "target_name": "balrog_fiber",
      "sources": [
        "src/binding.cc",
        "src/bench_floor.cc",
        "src/continuation_guard.cc",
        "src/cpu_budget.cc",
        "src/fiber.cc",
        "src/host_stop.cc",
        "src/local_wake.cc",
        "src/registry.cc",
        "src/sigint.cc",
        "src/thread_pool.cc"
      ],
      "cflags_cc": ["-fexceptions", "-O2", "-g"],
      "cflags_cc!": ["-fno-exceptions"],
      "libraries": ["-lpthread", "-ldl"]
    }
  ]
}
