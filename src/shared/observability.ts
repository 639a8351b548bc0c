/** What a task attempt is, for those who watch it (metrics, tracing). */
export interface ObservedTask {
  id: number
  type: string
  /** the attempt number, 1 for the first */
  attempts: number
}

/**
 * Wraps one claimed task attempt: runs `attempt` (which never throws for a handler's failure
 * and resolves to how the attempt ended, e.g. `completed`, `retry`) and may count its outcome or
 * put a span around it. Must return what `attempt` returns and rethrow what it throws.
 */
export type TaskAttemptObserver = <T extends string>(task: ObservedTask, attempt: () => Promise<T>) => Promise<T>

/**
 * Chains observers: the first one given is the outermost.
 * @returns undefined when none is given (the runner then calls the attempt directly)
 */
export function chainObservers(observers: readonly (TaskAttemptObserver | undefined)[]): TaskAttemptObserver | undefined {
  const present = observers.filter((o): o is TaskAttemptObserver => o !== undefined)
  if (present.length === 0) return undefined
  return <T extends string>(task: ObservedTask, attempt: () => Promise<T>): Promise<T> =>
    present.reduceRight<() => Promise<T>>((inner, observer) => () => observer(task, inner), attempt)()
}
