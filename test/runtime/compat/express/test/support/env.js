// Ported from expressjs/express@a3714473feb3d2908add734d340e7755fd85e0a3 test/support/env.js (MIT; see ../LICENSE).
// Changed: the package under test is required as 'express' (the installed version) instead of '../'.

process.env.NODE_ENV = 'test';
process.env.NO_DEPRECATION = 'body-parser,express';
