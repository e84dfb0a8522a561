// Ported from koajs/koa@e0ba8ef39d27fe5dae5492f9fe753d155124f994 test-helpers/stream.js (MIT; see ../LICENSE).
// Changed: Koa is required from the installed 'koa' package.
'use strict'

const { EventEmitter } = require('events')

class Readable extends EventEmitter {
  pipe () {}
  read () {}
  destroy () {}
  get readable () {
    return true
  }

  get readableObjectMode () {
    return false
  }

  get destroyed () {
    return false
  }
}

module.exports = {
  Readable
}
