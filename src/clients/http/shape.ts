/**
 * Small guards for reading service answers: a field that must be a list, string or number. A wrong shape is a
 * clear OperationalError naming the service and request (never a TypeError deeper down).
 */
import type { HttpResponse } from './client.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The objects in `body[key]` (default `value`, the Azure DevOps / Graph collection envelope). Absent → [];
 * anything but an array → the response's shape error; entries that are not objects are dropped.
 */
export function objectList(response: HttpResponse, body: JsonObject, key = 'value'): JsonObject[] {
  const list = body[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw response.shapeError(`a list in "${key}"`);
  return list.filter(isObject);
}

/** A string field, or '' when absent or of another type. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A finite number field, or `fallback`. */
export function integer(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** A string list field: the strings in it, [] otherwise. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
