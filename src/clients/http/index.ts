export { HttpClient } from './client.js';
export type { HttpClientOptions, HttpMethod, HttpRequest, HttpResponse } from './client.js';
export { HttpError, parseServiceError, describeStatus } from './errors.js';
export type { ServiceErrorText } from './errors.js';
export { redactUrl, isSecretLookingKey } from './redact.js';
export { isObject, objectList, text, integer, strings } from './shape.js';
export type { JsonObject } from './shape.js';
