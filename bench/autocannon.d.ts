/**
 * The part of autocannon 8's programmatic API the benchmark uses (the package ships no types).
 * @see https://github.com/mcollina/autocannon#programmatically
 */
declare module 'autocannon' {
  /** One request of a client's sequence. */
  export interface Request {
    method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
    path?: string
    headers?: Record<string, string>
    body?: string | Buffer
    /** may rewrite the request from the per-client context; a falsy result restarts the sequence */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request | null | undefined
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void
  }

  /** One connection. */
  export interface Client {
    setRequests(requests: Request[]): void
    /** with `overallRate`: the requests per second this connection may send (the rate split over the connections in whole requests) */
    readonly rate?: number
  }

  export interface Options {
    url: string
    connections?: number
    duration?: number
    amount?: number
    timeout?: number
    pipelining?: number
    /**
     * requests per second across all connections: each connection may send `overallRate / connections`
     * requests per second, counted over one-second intervals (a closed loop within its quota)
     */
    overallRate?: number
    /**
     * true: latencies are recorded as measured. autocannon 8 otherwise "corrects" them with an expected
     * interval of `ceil(1 / rate)` — 1 ms whatever the rate, where `1000 / rate` ms was meant — adding
     * one synthetic sample per millisecond of every answer's latency (lib/run.js, onResponse)
     */
    ignoreCoordinatedOmission?: boolean
    method?: Request['method']
    headers?: Record<string, string>
    body?: string
    requests?: Request[]
    setupClient?: (client: Client) => void
    title?: string
  }

  export interface Histogram {
    average: number
    mean: number
    stddev: number
    min: number
    max: number
    total: number
    p50: number
    p90: number
    p97_5: number
    p99: number
    p99_9: number
  }

  export interface Result {
    title?: string
    duration: number
    errors: number
    timeouts: number
    non2xx: number
    resets: number
    mismatches: number
    '2xx': number
    statusCodeStats: Record<string, { count: number }>
    latency: Histogram
    requests: Histogram & { sent: number }
    throughput: Histogram
  }

  export interface Instance extends PromiseLike<Result> {
    stop(): void
    /** every answer: its status, its size in bytes and its latency in milliseconds (from when it was sent) */
    on(event: 'response', listener: (client: Client, statusCode: number, resBytes: number, responseTime: number) => void): this
  }

  function autocannon(options: Options): Instance
  export default autocannon
}
