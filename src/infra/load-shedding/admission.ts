/**
 * Admission control of one instance (issue 11): which requests are answered at once with 503
 * instead of joining the queue. Two rules, each off at 0:
 *
 * - **Adaptive share** (`targetTurnMs`): a CPU-bound instance does not hold its backlog as
 *   requests "in flight" — they wait in socket buffers until the event loop reads them, and every
 *   request read in one turn of the loop waits for that whole turn. So the controlled figure is
 *   the **duration of an event-loop turn that reads requests** (first request seen → the check
 *   phase, `setImmediate`): it is the queueing delay the next requests will see. After each turn
 *   the smoothed turn (an exponential average over about 4 turns, so one garbage-collection pause
 *   alone sheds nothing) moves the share of requests shed by `gain × (smoothed − target) / target`
 *   (the relative error clamped to ±1; an integral controller), between 0 and `maxShare`; an idle gap before a turn
 *   lowers it as if the gap were turns at 0 ms. Each shed-able request is then refused with that
 *   probability — only the excess is shed, and the share settles where a turn takes about the
 *   target, instead of the all-or-nothing oscillation of a threshold sampled per interval.
 * - **In-flight cap** (`maxInFlight`): requests admitted and not yet answered (their response
 *   finished or their connection closed); past the cap a request is refused. It bounds what waits
 *   on I/O (a database pool, a remote store), which the turn duration does not see.
 *
 * Pure bookkeeping: the clock and the end-of-turn scheduler are injectable (tests).
 */
export interface AdmissionOptions {
  /** milliseconds an event-loop turn may take before a share of requests is shed; 0 = no adaptive shedding */
  targetTurnMs: number
  /** requests in flight past which the next is refused; 0 = no cap */
  maxInFlight: number
  /** change of the share per turn at a relative error of 1 (default 0.05) */
  gain?: number
  /** highest share shed by the adaptive rule, 0–1 (default 0.95: some requests always measure the instance) */
  maxShare?: number
  /** milliseconds, monotonic (default `performance.now`) */
  now?: () => number
  /** runs `callback` once the current turn's I/O callbacks are done (default `setImmediate`) */
  endOfTurn?: (callback: () => void) => void
  /** uniform in [0, 1) (default `Math.random`) */
  random?: () => number
}

/** Why a request is refused, as the `reason` label of `load_shed_total`. */
export type AdmissionRefusal = 'inFlight' | 'turnDelay'

/** What {@link AdmissionControl.state} reports. */
export interface AdmissionState {
  /** share of shed-able requests refused by the adaptive rule now, 0–1 */
  share: number
  /** requests admitted and not yet answered */
  inFlight: number
  /** milliseconds, the exponential average of the event-loop turns that read requests */
  turnMs: number
}

/** Weight of the newest turn in the smoothed turn duration. */
const SMOOTHING = 0.25

/** The admission state of one instance; see the module comment. */
export class AdmissionControl {
  private readonly target: number
  private readonly maxInFlight: number
  private readonly gain: number
  private readonly maxShare: number
  private readonly now: () => number
  private readonly endOfTurn: (callback: () => void) => void
  private readonly random: () => number
  private share = 0
  private inFlight = 0
  private turnStart = -1
  private lastTurnEnd = -1
  private smoothedTurn = 0

  constructor(options: AdmissionOptions) {
    this.target = options.targetTurnMs
    this.maxInFlight = options.maxInFlight
    this.gain = options.gain ?? 0.05
    this.maxShare = options.maxShare ?? 0.95
    this.now = options.now ?? (() => performance.now())
    this.endOfTurn = options.endOfTurn ?? ((callback) => setImmediate(callback))
    this.random = options.random ?? Math.random
  }

  /** Whether either rule is on. */
  get enabled(): boolean {
    return this.target > 0 || this.maxInFlight > 0
  }

  /**
   * Notes that a request was read in the current turn (every request, exempt ones included, so
   * the turn is measured whatever is asked).
   */
  seen(): void {
    if (this.target <= 0 || this.turnStart >= 0) return
    const now = this.now()
    // idle since the last turn: as many turns of 0 ms as fit in the gap
    const idleTurns = this.lastTurnEnd < 0 ? 0 : (now - this.lastTurnEnd) / this.target
    if (idleTurns >= 1) {
      this.share = Math.max(0, this.share - this.gain * idleTurns)
      this.smoothedTurn *= (1 - SMOOTHING) ** Math.min(idleTurns, 100)
    }
    this.turnStart = now
    this.endOfTurn(this.endTurn)
  }

  /**
   * Decides for one shed-able request: null when it is admitted (then {@link release} must be
   * called exactly once when it is answered), else why it is refused.
   */
  admit(): AdmissionRefusal | null {
    if (this.maxInFlight > 0 && this.inFlight >= this.maxInFlight) return 'inFlight'
    if (this.share > 0 && this.random() < this.share) return 'turnDelay'
    this.inFlight++
    return null
  }

  /** An admitted request was answered (or its connection closed). */
  release(): void {
    if (this.inFlight > 0) this.inFlight--
  }

  /** Whether the instance refuses requests now (the share is over 0 or the cap is reached). */
  shedding(): boolean {
    return this.share > 0 || (this.maxInFlight > 0 && this.inFlight >= this.maxInFlight)
  }

  /** The figures now. */
  state(): AdmissionState {
    return { share: this.share, inFlight: this.inFlight, turnMs: this.smoothedTurn }
  }

  /** Feeds one turn's duration to the controller (exposed for tests). */
  observeTurn(turnMs: number): void {
    this.smoothedTurn += SMOOTHING * (turnMs - this.smoothedTurn)
    const error = Math.max(-1, Math.min(1, (this.smoothedTurn - this.target) / this.target))
    this.share = Math.max(0, Math.min(this.maxShare, this.share + this.gain * error))
  }

  private readonly endTurn = (): void => {
    const now = this.now()
    const turnMs = now - this.turnStart
    this.turnStart = -1
    this.lastTurnEnd = now
    this.observeTurn(turnMs)
  }
}
