/**
 * The page's side of the simulator worker: one module worker, requests as promises, progress as a
 * callback. A failed request rejects with a {@link WorkerFailure} carrying the scenario's problems.
 */
import type { Problem, WorkerRequest, WorkerResponse, WorkerResults } from './protocol.js'

/** A request the worker refused or failed: its error kind, message and the scenario's problems. */
export class WorkerFailure extends Error {
  readonly kind: string
  readonly problems: readonly Problem[]
  constructor(kind: string, message: string, problems: readonly Problem[] = []) {
    super(message)
    this.name = 'WorkerFailure'
    this.kind = kind
    this.problems = problems
  }
}

/** Progress of a running request: `done` of `total` steps, and what is being done. */
export type OnProgress = (done: number, total: number, label: string) => void

type Payload<K extends WorkerRequest['kind']> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>

interface Pending {
  resolve: (value: unknown) => void
  reject: (error: WorkerFailure) => void
  onProgress: OnProgress | undefined
}

/** The simulator worker (created on first use). */
export class SimClient {
  private worker: Worker | undefined
  private next = 1
  private readonly pending = new Map<number, Pending>()

  private start(): Worker {
    if (this.worker) return this.worker
    const w = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module' })
    w.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const m = event.data
      const p = this.pending.get(m.id)
      if (!p) return
      if (m.kind === 'progress') p.onProgress?.(m.done, m.total, m.label)
      else {
        this.pending.delete(m.id)
        if (m.kind === 'result') p.resolve(m.result)
        else p.reject(new WorkerFailure(m.name, m.message, m.problems))
      }
    }
    w.onerror = (event) => {
      event.preventDefault()
      this.failAll(new WorkerFailure('WorkerError', event.message || 'the simulator worker failed'))
    }
    // a response that cannot be read (it carries no id): no request can be answered any more
    w.onmessageerror = () => {
      this.failAll(new WorkerFailure('WorkerError', 'a message from the simulator worker could not be read'))
    }
    this.worker = w
    return w
  }

  private failAll(failure: WorkerFailure): void {
    for (const p of this.pending.values()) p.reject(failure)
    this.pending.clear()
  }

  /** Sends a request; resolves with its result, rejects with a {@link WorkerFailure}. */
  request<K extends WorkerRequest['kind']>(
    kind: K,
    payload: Payload<K>,
    onProgress?: OnProgress,
  ): Promise<WorkerResults[K]> {
    const id = this.next++
    const worker = this.start()
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, onProgress })
      worker.postMessage({ id, kind, ...payload } as unknown as WorkerRequest)
    })
  }
}
