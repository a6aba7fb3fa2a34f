/** The log of requests the sandbox answered, for tests (`GET /requests` on the control origin). */
import type { ServiceName } from '../types.js';

export interface RequestLogEntry {
  seq: number;
  /** ISO time the request arrived (sandbox clock). */
  at: string;
  service: ServiceName;
  method: string;
  path: string;
  /** The raw query string without `?` ('' when none). */
  query: string;
  /** 0 when the connection was reset by a fault. */
  status: number;
  ms: number;
  /** Authorization scheme only (`Bearer`, `Basic`); never the credential. */
  callerHint?: string;
  /** `sha256:<hex>` of the credential presented (bearer token, or Basic password); never the credential. */
  credential?: string;
  /** The fault kind the sandbox injected, if any. */
  fault?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  constructor(private readonly limit = 100_000) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
    return full;
  }

  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  /** Empties the log; sequence numbers keep counting so entries stay unique. */
  clear(): void {
    this.entries = [];
  }
}
