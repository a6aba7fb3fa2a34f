/** A consumer of an Entra client secret that rotation pushes the new secret to (dbt Cloud, ConductorOne). */
import type { ResourceRef } from '../../core/findings.js';

export type TargetName = 'dbtCloud' | 'conductorOne';

export type TargetCheck = { ok: true; detail: string } | { ok: false; message: string };

export interface PushResult {
  /** The target now holds the new secret (also true when the write failed on the way back but landed). */
  accepted: boolean;
  message?: string;
}

export interface SecretTarget {
  readonly name: TargetName;
  /** Where the secret goes, in words (dry-run plan, report). */
  readonly description: string;
  readonly resource: ResourceRef;
  /**
   * Reads the target's record before anything changes; throws an OperationalError naming the fix when the
   * target cannot take a secret. Answers when the record last changed (ms), when the target says.
   */
  prepare(): Promise<{ updatedAt?: number }>;
  push(secret: string): Promise<PushResult>;
  /** After push (or for a target that took the secret in an earlier run): does it work with the secret? */
  verify(): Promise<TargetCheck>;
}
