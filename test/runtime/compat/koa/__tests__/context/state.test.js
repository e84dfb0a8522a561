// Ported from koajs/koa@e0ba8ef39d27fe5dae5492f9fe753d155124f994 __tests__/context/state.test.js (MIT; see ../../LICENSE).
// Changed: the package under test is required as 'koa' (the installed version) instead of '../..'.
'use strict'

const { describe, it } = require('node:test')
const request = require('supertest')
const assert = require('node:assert/strict')
const Koa = require('koa')

describe('ctx.state', () => {
  it('should provide a ctx.state namespace', () => {
    const app = new Koa()

    app.use(ctx => {
      assert.deepStrictEqual(ctx.state, {})
    })

    return request(app.callback())
      .get('/')
      .expect(404)
  })
})
