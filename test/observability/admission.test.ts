import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AdmissionControl } from '../../src/infra/load-shedding/admission.ts'

/** A controller on a hand-driven clock: `turn(ms)` runs one event-loop turn of that length. */
function controller(options: { targetTurnMs?: number; maxInFlight?: number; random?: () => number } = {}) {
  let now = 0
  let pending: (() => void) | undefined
  const control = new AdmissionControl({
    targetTurnMs: options.targetTurnMs ?? 20,
    maxInFlight: options.maxInFlight ?? 0,
    now: () => now,
    endOfTurn: (callback) => {
      pending = callback
    },
    random: options.random ?? (() => 0.5),
  })
  const turn = (ms: number) => {
    control.seen()
    now += ms
    const end = pending
    pending = undefined
    end?.()
  }
  const idle = (ms: number) => {
    now += ms
  }
  return { control, turn, idle }
}

describe('admission control', () => {
  test('turns over the target raise the share, turns under it lower it back to 0', () => {
    const { control, turn } = controller()
    for (let i = 0; i < 3; i++) turn(10)
    assert.equal(control.state().share, 0)
    assert.equal(control.shedding(), false)
    for (let i = 0; i < 40; i++) turn(100)
    assert.equal(control.state().share, 0.95, 'capped at maxShare: some requests always get through')
    assert.equal(control.shedding(), true)
    for (let i = 0; i < 60; i++) turn(1)
    assert.equal(control.state().share, 0)
  })

  test('one long turn (a GC pause) among short ones sheds nothing: the turn is smoothed', () => {
    const { control, turn } = controller()
    for (let i = 0; i < 10; i++) turn(8)
    turn(45)
    assert.equal(control.state().share, 0)
    assert.ok(control.state().turnMs < 20, String(control.state().turnMs))
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
    const { control, turn } = controller({ targetTurnMs: 30 })
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
    assert.ok(Math.max(...settled) - Math.min(...settled) < 0.05, `oscillates: ${Math.min(...settled)}–${Math.max(...settled)}`)
    assert.ok(Math.abs(cost(mean) - 30) < 2, `turn ${cost(mean)} ms`)
  })

  test('requests are refused with the share as probability', () => {
    let draw = 0
    const { control, turn } = controller({ random: () => draw })
    for (let i = 0; i < 8; i++) turn(100)
    const share = control.state().share
    assert.ok(share > 0.1 && share < 0.9, String(share))
    draw = share - 0.01
    assert.equal(control.admit(), 'turnDelay')
    draw = share + 0.01
    assert.equal(control.admit(), null)
  })

  test('the in-flight cap refuses past the cap until a request is released', () => {
    const { control } = controller({ targetTurnMs: 0, maxInFlight: 2 })
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

  test('both rules at 0: disabled, every request admitted', () => {
    const { control, turn } = controller({ targetTurnMs: 0, maxInFlight: 0 })
    assert.equal(control.enabled, false)
    turn(1000)
    assert.equal(control.admit(), null)
    assert.equal(control.state().share, 0)
  })
})
