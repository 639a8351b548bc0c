// No database, no Redis: scripts/test.mjs runs this file in the first backend's pass only.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AdmissionControl } from '../../src/infra/load-shedding/admission.ts'

/** A controller on a hand-driven clock: `turn(ms)` runs one event-loop turn of that length. */
function controller(options: { targetDelayMs?: number; maxInFlight?: number; random?: () => number } = {}) {
  let now = 0
  let idleTotal = 0
  let pending: (() => void) | undefined
  const control = new AdmissionControl({
    targetDelayMs: options.targetDelayMs ?? 20,
    maxInFlight: options.maxInFlight ?? 0,
    now: () => now,
    endOfTurn: (callback) => {
      pending = callback
    },
    random: options.random ?? (() => 0.5),
    idleMs: () => idleTotal,
  })
  const turn = (ms: number) => {
    control.seen()
    now += ms
    const end = pending
    pending = undefined
    end?.()
  }
  /** the loop waits for I/O for `ms` */
  const idle = (ms: number) => {
    now += ms
    idleTotal += ms
  }
  /** the loop is busy for `ms` reading no request (timers, writes, parsing) */
  const busy = (ms: number) => {
    now += ms
  }
  /**
   * One turn reading `count` requests, each admitted or not as it is read: an admitted one takes
   * `serve` ms of the turn, a refused one `refuse` ms. The decisions, in reading order.
   */
  const crowd = (count: number, serve: number, refuse = 0) => {
    const decisions: Array<string | null> = []
    for (let i = 0; i < count; i++) {
      control.seen()
      const refused = control.admit()
      decisions.push(refused)
      now += refused === null ? serve : refuse
    }
    const end = pending
    pending = undefined
    end?.()
    return decisions
  }
  return { control, turn, idle, busy, crowd }
}

describe('admission control', () => {
  test('turns over the target raise the share, turns under it lower it back to 0', () => {
    const { control, turn, idle } = controller()
    for (let i = 0; i < 20; i++) turn(10)
    assert.equal(control.state().share, 0)
    assert.equal(control.state().delayMs, 10)
    assert.equal(control.shedding(), false)
    for (let i = 0; i < 40; i++) turn(100)
    assert.equal(control.state().share, 0.95, 'capped at maxShare: some requests always get through')
    assert.equal(control.shedding(), true)
    // a light load: a 1 ms turn every 5 ms
    for (let i = 0; i < 300; i++) {
      idle(4)
      turn(1)
    }
    assert.ok(control.state().delayMs < 1, String(control.state().delayMs))
    assert.equal(control.state().share, 0)
  })

  test('one long turn (a GC pause) among short ones sheds next to nothing, and not for long', () => {
    const { control, turn } = controller()
    const shares: number[] = []
    for (let i = 0; i < 10; i++) turn(8)
    turn(45)
    for (let i = 0; i < 40; i++) {
      turn(8)
      shares.push(control.state().share)
    }
    assert.ok(Math.max(...shares) <= 0.05, String(Math.max(...shares)))
    assert.equal(control.state().share, 0)
  })

  test('many tiny turns do not hide a long one: the delay weighs each turn by its length', () => {
    const { control, turn } = controller()
    for (let i = 0; i < 10; i++) {
      turn(70)
      for (let j = 0; j < 50; j++) turn(0.2)
    }
    assert.ok(control.state().delayMs > 50, String(control.state().delayMs))
    assert.ok(control.state().share > 0.5, String(control.state().share))
  })

  test('turns longer than a window (a high arrival rate: hundreds of requests read at once) raise the share; they are not empty windows', () => {
    const { control, turn } = controller()
    for (let i = 0; i < 12; i++) turn(500)
    assert.ok(control.state().share >= 0.9, String(control.state().share))
    assert.equal(control.shedding(), true)
  })

  test('a sudden overload raises the share by up to four steps a window, and it falls back by one step a window at most', () => {
    const { control, turn } = controller({ targetDelayMs: 20 })
    // window 80 ms: one window of 40 ms turns (delay 40 ms, 2× the target) then one of 200 ms turns (10×)
    turn(40)
    turn(40)
    assert.ok(Math.abs(control.state().share - 0.1) < 1e-9, `error 1 → one step: ${control.state().share}`)
    turn(200)
    assert.ok(Math.abs(control.state().share - 0.5) < 1e-9, `error 9 → four steps: ${control.state().share}`)
    for (let i = 0; i < 8; i++) turn(10)
    assert.ok(Math.abs(control.state().share - 0.45) < 1e-9, `a window of 10 ms turns (error −0.5) → half a step down: ${control.state().share}`)
  })

  test('a high target does not slow the reaction: windows last at most 120 ms', () => {
    const { control, turn } = controller({ targetDelayMs: 100 })
    turn(130)
    assert.ok(control.state().share > 0, 'the share rose after one 130 ms turn (a window of 4 × 100 ms would still be open)')
    assert.equal(control.state().delayMs, 130)
  })

  test('an idle gap after overload counts as turns of 0 ms', () => {
    const { control, turn, idle } = controller()
    for (let i = 0; i < 40; i++) turn(100)
    assert.ok(control.state().share > 0.9)
    idle(1000)
    turn(1)
    assert.equal(control.state().share, 0)
  })

  test('on a closed loop of 200 connections the share settles where a turn takes about the target, not all-or-nothing', () => {
    // Every connection has a request waiting: a turn costs 0.27 ms per admitted request and 0.045 ms per shed one.
    const { control, turn } = controller({ targetDelayMs: 30 })
    const cost = (share: number) => 200 * ((1 - share) * 0.27 + share * 0.045)
    const shares: number[] = []
    for (let i = 0; i < 400; i++) {
      turn(cost(control.state().share))
      shares.push(control.state().share)
    }
    const settled = shares.slice(-100)
    const mean = settled.reduce((a, b) => a + b, 0) / settled.length
    // 200 × (0.27 − 0.225 s) = 30 → s = 0.533
    assert.ok(Math.abs(mean - 0.533) < 0.03, `share ${mean}`)
    assert.ok(Math.abs(control.state().delayMs - 30) < 2, `delay ${control.state().delayMs}`)
    assert.ok(Math.max(...settled) - Math.min(...settled) < 0.05, `oscillates: ${Math.min(...settled)}–${Math.max(...settled)}`)
    assert.ok(Math.abs(cost(mean) - 30) < 2, `turn ${cost(mean)} ms`)
  })

  test('a turn starts where the last one ended while the loop stayed busy, else at its first request', () => {
    const { control, turn, idle, busy } = controller()
    for (let i = 0; i < 40; i++) {
      busy(30)
      turn(10)
    }
    assert.ok(control.state().delayMs > 35, `busy between turns counts: ${control.state().delayMs}`)
    assert.ok(control.state().share > 0.5)
    for (let i = 0; i < 200; i++) {
      idle(15)
      turn(10)
    }
    assert.ok(control.state().delayMs < 5, `waiting for I/O does not: ${control.state().delayMs}`)
    assert.equal(control.state().share, 0)
  })

  test('requests are refused with the share as probability', () => {
    let draw = 0
    const { control, turn } = controller({ random: () => draw })
    for (let i = 0; i < 8; i++) turn(40)
    const share = control.state().share
    assert.ok(share > 0.1 && share < 0.9, String(share))
    draw = share - 0.01
    assert.equal(control.admit(), 'turnDelay')
    draw = share + 0.01
    assert.equal(control.admit(), null)
  })

  test('a crowd read in one turn: served for two targets of the turn, the rest refused at once, before the share has risen', () => {
    const { control, crowd, idle } = controller({ targetDelayMs: 20 })
    const decisions = crowd(100, 2, 0.1)
    // read at 0, 2, …, 40 ms of the turn: admitted; from 42 ms on every request has waited over 40 ms
    assert.deepEqual(decisions.slice(0, 21), Array(21).fill(null))
    assert.deepEqual(decisions.slice(21), Array(79).fill('turnBudget'))
    assert.equal(control.state().share, 0, 'the adaptive share had no window yet')
    idle(5)
    assert.deepEqual(crowd(3, 2), [null, null, null], 'the next turn has a budget of its own')
  })

  test('a burst that fits in the turn budget is served whole', () => {
    const { crowd } = controller({ targetDelayMs: 20 })
    assert.deepEqual(crowd(20, 2), Array(20).fill(null))
  })

  test('the turn budget is off with the adaptive share', () => {
    const { crowd } = controller({ targetDelayMs: 0, maxInFlight: 1000 })
    assert.deepEqual(crowd(100, 2), Array(100).fill(null))
  })

  test('the in-flight cap refuses past the cap until a request is released', () => {
    const { control } = controller({ targetDelayMs: 0, maxInFlight: 2 })
    assert.equal(control.admit(), null)
    assert.equal(control.admit(), null)
    assert.equal(control.admit(), 'inFlight')
    assert.equal(control.shedding(), true)
    control.release()
    assert.equal(control.state().inFlight, 1)
    assert.equal(control.admit(), null)
    control.release()
    control.release()
    control.release()
    assert.equal(control.state().inFlight, 0, 'never below 0')
  })

  test('without a cap, requests in flight are not counted (no release is needed)', () => {
    const { control } = controller({ maxInFlight: 0 })
    assert.equal(control.countsInFlight, false)
    for (let i = 0; i < 5; i++) assert.equal(control.admit(), null)
    assert.equal(control.state().inFlight, 0)
  })

  test('both rules at 0: disabled, every request admitted', () => {
    const { control, turn } = controller({ targetDelayMs: 0, maxInFlight: 0 })
    assert.equal(control.enabled, false)
    turn(1000)
    assert.equal(control.admit(), null)
    assert.equal(control.state().share, 0)
  })
})
