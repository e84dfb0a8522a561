{ "targets": [ { "target_name": "balrog_fiber", "sources": [ "src/stub.cc" ] } ] }
