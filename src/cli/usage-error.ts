/** A command was called wrongly (a missing or bad option): exit code 2, JSON code `invalid_arguments`. */
export class UsageError extends Error {}
