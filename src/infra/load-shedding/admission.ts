/**
 * Admission control of one instance (issue 11): which requests are answered at once with 503
 * instead of joining the queue. Two rules, each off at 0:
 *
 * - **Adaptive share** (`targetDelayMs`): a CPU-bound instance does not hold its backlog as
 *   requests "in flight" — they wait in socket buffers until the event loop reads them, and every
 *   request read in one turn of the loop waits about as long as that turn and the one before. So
 *   the controlled figure is built from the **turns of the event loop that read requests**: from
 *   the end of the previous turn when the loop has not waited for I/O since (it was busy: the
 *   requests waited), else from the first request seen, to the check phase (`setImmediate`).
 *   Over a window of `4 × target` milliseconds (at most 120) the queueing delay is estimated as
 *   `Σ turn² / window` — the turn a request arriving at a random moment lands in, so one long turn
 *   weighs by its length and a burst of tiny turns hardly counts; 0 when the loop idled throughout.
 *   At the end of each window the share of requests shed moves by `gain × (delay − target) / target`
 *   (the relative error clamped to −1…+4: an integral controller that rises faster than it falls),
 *   between 0 and `maxShare`; an idle gap counts as that many windows without delay. Each
 *   shed-able request is then refused with that probability — only the excess is shed, and the
 *   share settles where the delay is about the target, instead of the all-or-nothing oscillation
 *   of a threshold sampled per interval.
 * - **Turn budget** (with the adaptive share): a request read when the current turn has already
 *   run `TURN_BUDGET_TARGETS × target` milliseconds since its first request is refused whatever
 *   the share. Every request read in a turn was waiting when the turn began, so this one has
 *   waited at least that long, and so would every request after it in the turn. The share needs a
 *   few windows to rise; the budget bounds the delay from the first turn of a sudden crowd (a
 *   thousand connections arriving at once make one turn of seconds without it), and a window in
 *   which it refused a request raises the share at its fastest (the capped turns no longer show
 *   how far behind the loop is).
 * - **In-flight cap** (`maxInFlight`): requests admitted and not yet answered (their response
 *   finished or their connection closed); past the cap a request is refused. It bounds what waits
 *   on I/O (a database pool, a remote store), which the loop's turns do not see.
 *
 * Pure bookkeeping: the clocks and the end-of-turn scheduler are injectable (tests).
 */
export interface AdmissionOptions {
  /** milliseconds of estimated queueing delay over which a share of requests is shed; 0 = no adaptive shedding */
  targetDelayMs: number
  /** requests in flight past which the next is refused; 0 = no cap */
  maxInFlight: number
  /** change of the share per window at a relative error of 1 (default 0.1) */
  gain?: number
  /** highest share shed by the adaptive rule, 0–1 (default 0.95: some requests always measure the instance) */
  maxShare?: number
  /** milliseconds, monotonic (default `performance.now`) */
  now?: () => number
  /** runs `callback` once the current turn's I/O callbacks are done (default `setImmediate`) */
  endOfTurn?: (callback: () => void) => void
  /** uniform in [0, 1) (default `Math.random`) */
  random?: () => number
  /** milliseconds the event loop has spent waiting for I/O since the process started (default `performance.eventLoopUtilization().idle`) */
  idleMs?: () => number
}

/** Why a request is refused, as the `reason` label of `load_shed_total`. */
export type AdmissionRefusal = 'inFlight' | 'turnDelay' | 'turnBudget'

/** What {@link AdmissionControl.state} reports. */
export interface AdmissionState {
  /** share of shed-able requests refused by the adaptive rule now, 0–1 */
  share: number
  /** requests admitted and not yet answered (counted only while the cap is on, else 0) */
  inFlight: number
  /** milliseconds, the queueing delay estimated over the last window */
  delayMs: number
}

/** Milliseconds of waiting for I/O under which the loop counts as busy from one turn to the next. */
const BUSY_SLACK_MS = 1

/**
 * The highest relative error the share rises by in one window (it falls by at most 1): a delay of
 * 5× the target or more raises it by `4 × gain`. Overload that starts at once (clients arriving at
 * 4× the capacity) is met within a few windows, not a second — requests that waited meanwhile
 * are late for good — while shedding too much for a window or two costs only some 503s.
 */
const MAX_RISE = 4

/**
 * The turn budget, in targets: a burst that fills one turn with up to twice the target's worth of
 * work is still served (a short queue that drains by itself), a crowd that would fill more is cut.
 */
const TURN_BUDGET_TARGETS = 2

/** The estimation window, in targets. */
const WINDOW_TARGETS = 4

/** The longest estimation window, milliseconds: a high target must not slow the reaction to a sudden overload. */
const MAX_WINDOW_MS = 120

/** The admission state of one instance; see the module comment. */
export class AdmissionControl {
  private readonly target: number
  private readonly window: number
  private readonly turnBudget: number
  private readonly maxInFlight: number
  private readonly gain: number
  private readonly maxShare: number
  private readonly now: () => number
  private readonly endOfTurn: (callback: () => void) => void
  private readonly random: () => number
  private readonly idleMs: () => number
  private share = 0
  private inFlight = 0
  private turnStart = -1
  /** when the current turn read its first request (ms, `now()`) */
  private firstSeen = -1
  private lastTurnEnd = -1
  private idleAtTurnEnd = 0
  private windowStart = -1
  /** the loop's idle time (ms, `idleMs()`) when the window started */
  private idleAtWindowStart = 0
  private sumSquares = 0
  /** whether the turn budget refused a request in this window */
  private overBudget = false
  private delay = 0

  constructor(options: AdmissionOptions) {
    this.target = options.targetDelayMs
    this.window = Math.min(MAX_WINDOW_MS, WINDOW_TARGETS * options.targetDelayMs)
    this.turnBudget = TURN_BUDGET_TARGETS * options.targetDelayMs
    this.maxInFlight = options.maxInFlight
    this.gain = options.gain ?? 0.1
    this.maxShare = options.maxShare ?? 0.95
    this.now = options.now ?? (() => performance.now())
    this.endOfTurn = options.endOfTurn ?? ((callback) => setImmediate(callback))
    this.random = options.random ?? Math.random
    this.idleMs = options.idleMs ?? (() => performance.eventLoopUtilization().idle)
  }

  /** Whether either rule is on. */
  get enabled(): boolean {
    return this.target > 0 || this.maxInFlight > 0
  }

  /**
   * Notes that a request was read in the current turn (every request, exempt ones included, so
   * the loop is measured whatever is asked).
   */
  seen(): void {
    if (this.target <= 0 || this.turnStart >= 0) return
    const now = this.now()
    this.closeWindow(now)
    // The loop has not waited for I/O since the last turn ended: these requests arrived while it
    // was busy, and the turn began then (writes, parsing and timers before the first request count).
    const busy = this.lastTurnEnd >= 0 && this.idleMs() - this.idleAtTurnEnd < BUSY_SLACK_MS
    this.turnStart = busy ? this.lastTurnEnd : now
    this.firstSeen = now
    this.endOfTurn(this.endTurn)
  }

  /** Whether requests in flight are counted (the cap is on): then {@link release} is needed. */
  get countsInFlight(): boolean {
    return this.maxInFlight > 0
  }

  /**
   * Decides for one shed-able request: null when it is admitted (then, when {@link countsInFlight},
   * {@link release} must be called exactly once when it is answered), else why it is refused.
   */
  admit(): AdmissionRefusal | null {
    if (this.maxInFlight > 0 && this.inFlight >= this.maxInFlight) return 'inFlight'
    if (this.share > 0 && this.random() < this.share) return 'turnDelay'
    if (this.turnStart >= 0 && this.now() - this.firstSeen > this.turnBudget) {
      this.overBudget = true
      return 'turnBudget'
    }
    if (this.maxInFlight > 0) this.inFlight++
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
    return { share: this.share, inFlight: this.inFlight, delayMs: this.delay }
  }

  private readonly endTurn = (): void => {
    const now = this.now()
    const turnMs = now - this.turnStart
    this.turnStart = -1
    this.lastTurnEnd = now
    this.idleAtTurnEnd = this.idleMs()
    this.sumSquares += turnMs * turnMs
    if (this.windowStart < 0) {
      this.windowStart = now - turnMs
      this.idleAtWindowStart = this.idleAtTurnEnd
    }
    this.closeWindow(now)
  }

  /** At the end of a window: the delay estimate, and the share moved by the controller. */
  private closeWindow(now: number): void {
    if (this.windowStart < 0) return
    const elapsed = now - this.windowStart
    if (elapsed < this.window) return
    this.delay = this.sumSquares / elapsed
    // Requests refused by the turn budget mean that turns read far more than they can serve, which
    // the (capped) turns no longer show: the share rises at its fastest.
    const error = this.overBudget ? MAX_RISE : Math.max(-1, Math.min(MAX_RISE, (this.delay - this.target) / this.target))
    // Windows the loop spent waiting for I/O past the first (an idle gap after overload) lower the
    // share once each. Idle time, not elapsed time: a single turn longer than a window (hundreds of
    // requests read at once under a high arrival rate) is the opposite of an empty window.
    const idle = this.idleMs()
    const emptyWindows = Math.max(0, Math.floor((idle - this.idleAtWindowStart) / this.window) - 1)
    this.share = Math.max(0, Math.min(this.maxShare, this.share + this.gain * error - this.gain * emptyWindows))
    this.windowStart = now
    this.idleAtWindowStart = idle
    this.sumSquares = 0
    this.overBudget = false
  }
}
