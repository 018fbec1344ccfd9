/** The one format we store: fixed-width UTC ISO-8601 with milliseconds, so text order is time order. */
export const nowIso = (): string => new Date().toISOString();
export const toIso = (value: string | Date): string => new Date(value).toISOString();

/** RFC 3339 date-time with an explicit offset or Z (a bare local time is ambiguous for a newsroom). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
