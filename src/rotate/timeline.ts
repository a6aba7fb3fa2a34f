/** The rotation's steps as they happen: the report's timeline (DESIGN.md §6, §9) and a hook for observers. */
import type { RotationStep } from '../core/report.js';
import type { RotationClock } from './clock.js';

export type StepObserver = (step: RotationStep) => void | Promise<void>;

export class Timeline {
  readonly steps: RotationStep[] = [];

  constructor(
    private readonly clock: RotationClock,
    private readonly onStep?: StepObserver,
    private readonly log?: (line: string) => void,
  ) {}

  async record(step: string, outcome: RotationStep['outcome'], detail?: string): Promise<void> {
    const entry: RotationStep = {
      at: new Date(this.clock.now()).toISOString(),
      step,
      outcome,
      ...(detail !== undefined ? { detail } : {}),
    };
    this.steps.push(entry);
    const mark = outcome === 'ok' ? '✓' : outcome === 'failed' ? '✗' : '–';
    this.log?.(`${mark} ${step}${detail !== undefined ? `: ${detail}` : ''}`);
    await this.onStep?.(entry);
  }
}
