const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a UUID in its canonical text form; ids from outside are checked before any query. */
export const isUuid = (value: string): boolean => UUID.test(value);
