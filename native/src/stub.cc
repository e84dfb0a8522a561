#include <node.h>
NODE_MODULE_INIT() {}
