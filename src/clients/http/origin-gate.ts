/**
 * Per-origin state: how many requests are in flight (a semaphore), when the service next
 * lets us in (from `Retry-After`), and whether to pace because its rate limit is close.
 */
export class OriginGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Epoch ms before which no request may start (Retry-After); 0 when none is pending. */
  notBefore = 0;
  /** Delay before each request while the service reports it is close to its rate limit. */
  paceMs = 0;

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next();
    else this.active--;
  }
}
