/**
 * Reading lead CSV files as people export them: RFC 4180 quoting (embedded commas, quotes and
 * newlines), UTF-8 with or without a BOM, comma, semicolon or tab, Excel's quirks. Headers map to
 * lead fields by name or common synonym (or an explicit `--map col=field`); every other column is a
 * custom attribute. An outcome column marks what became of the lead.
 */
import { parse } from 'csv-parse';
import { Readable } from 'node:stream';

/** Lead fields a column can fill. */
export const LEAD_FIELDS = [
  'full_name', 'first_name', 'last_name', 'email', 'phone', 'budget', 'payment_method', 'timeline', 'purpose',
  'location', 'bedrooms', 'source', 'category', 'notes', 'development_id', 'created_at',
] as const;
export type LeadField = (typeof LEAD_FIELDS)[number];

/** Header spellings seen in real exports, compared after lower-casing and dropping non-letters. */
const SYNONYMS: Readonly<Record<string, LeadField>> = Object.fromEntries(
  (Object.entries({
    full_name: ['fullname', 'name', 'contactname', 'buyername', 'leadname', 'customername', 'clientname'],
    first_name: ['firstname', 'forename', 'givenname'],
    last_name: ['lastname', 'surname', 'familyname'],
    email: ['email', 'emailaddress', 'mail'],
    phone: ['phone', 'phonenumber', 'mobile', 'mobilenumber', 'telephone', 'tel', 'contactnumber'],
    budget: ['budget', 'maxbudget', 'pricerange', 'maxprice', 'price'],
    payment_method: ['paymentmethod', 'payment', 'finance', 'funding', 'buyingposition', 'buyerposition', 'financeposition'],
    timeline: ['timeline', 'timeframe', 'movingtimeline', 'whentobuy', 'whentomove'],
    purpose: ['purpose', 'buyingpurpose', 'reasonforbuying'],
    location: ['location', 'area', 'preferredlocation', 'preferredarea'],
    bedrooms: ['bedrooms', 'beds', 'bedroom', 'numberofbedrooms'],
    source: ['source', 'leadsource', 'channel', 'enquirysource'],
    category: ['category', 'leadcategory', 'type', 'leadtype'],
    notes: ['notes', 'note', 'message', 'comments', 'comment', 'enquiry'],
    development_id: ['developmentid'],
    created_at: ['createdat', 'created', 'date', 'enquirydate', 'receivedat', 'submittedat', 'dateadded', 'createddate'],
  }) as [LeadField, string[]][]).flatMap(([field, names]) => names.map((n) => [n, field])),
);

export function headerKey(h: string): string {
  return h.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export type ColumnRole =
  | { kind: 'field'; field: LeadField }
  | { kind: 'attribute'; name: string }
  | { kind: 'outcome' }
  | { kind: 'ignored' };

export interface MappingOptions {
  /** CSV header → lead field (or `attributes.NAME`, or `ignore`) */
  map?: Readonly<Record<string, string>>;
  /** header of the outcome column */
  outcomeColumn?: string | null;
}

/** Thrown for a problem with the file as a whole (not one row): the import stops before writing. */
export class CsvFileError extends Error {}

/** Each header's role. Unknown `--map` targets and duplicate fields are file errors. */
export function mapColumns(headers: readonly string[], opts: MappingOptions = {}): ColumnRole[] {
  const explicit = new Map<string, string>();
  for (const [col, target] of Object.entries(opts.map ?? {})) explicit.set(col.trim().toLowerCase(), target.trim());
  for (const col of explicit.keys()) {
    if (!headers.some((h) => h.trim().toLowerCase() === col)) throw new CsvFileError(`--map names column "${col}", which the file does not have`);
  }
  const outcome = opts.outcomeColumn?.trim().toLowerCase() ?? null;
  if (outcome !== null && !headers.some((h) => h.trim().toLowerCase() === outcome)) {
    throw new CsvFileError(`The outcome column "${opts.outcomeColumn}" is not in the file's header`);
  }
  const taken = new Set<LeadField>();
  return headers.map((raw) => {
    const h = raw.trim();
    if (h.toLowerCase() === outcome) return { kind: 'outcome' };
    const target = explicit.get(h.toLowerCase());
    let role: ColumnRole;
    if (target !== undefined) {
      if (target === 'ignore') return { kind: 'ignored' };
      if (target.startsWith('attributes.') && target.length > 'attributes.'.length) role = { kind: 'attribute', name: target.slice('attributes.'.length) };
      else if ((LEAD_FIELDS as readonly string[]).includes(target)) role = { kind: 'field', field: target as LeadField };
      else throw new CsvFileError(`--map ${h}=${target}: "${target}" is not a lead field (${LEAD_FIELDS.join(', ')}), attributes.NAME or ignore`);
    } else {
      const f = SYNONYMS[headerKey(h)];
      role = f !== undefined && !taken.has(f) ? { kind: 'field', field: f } : { kind: 'attribute', name: h };
    }
    if (role.kind === 'field') {
      if (taken.has(role.field)) throw new CsvFileError(`Two columns map to ${role.field}`);
      taken.add(role.field);
    }
    if (role.kind === 'attribute' && role.name.length === 0) return { kind: 'ignored' };
    return role;
  });
}

/** What became of a lead, from an outcome cell: how far it got, or only whether it converted. */
export interface Outcome {
  /** reached a viewing; null when the value does not say */
  show: boolean | null;
  /** reserved or later */
  sql: boolean;
}

const POSITIVE = new Set(['1', 'yes', 'y', 'true', 'won', 'win', 'converted', 'sold', 'reserved', 'exchanged', 'completed', 'sale', 'success']);
const NEGATIVE = new Set(['0', 'no', 'n', 'false', 'lost', 'lose', 'notconverted', 'unconverted', 'failed', 'failure', 'dead', 'closedlost']);
const REACHED_VIEWING = new Set(['viewingattended', 'viewed', 'attended']);
const NO_VIEWING = new Set(['contacted', 'contactpending', 'viewingbooked', 'new', 'noshow']);

/**
 * An outcome cell: won/lost, 1/0, yes/no, converted, or a status name. A plain "converted" says the
 * lead reached a viewing too; a plain "not converted" does not say whether it viewed. Null: the
 * value is blank (an open lead, not a label); undefined: the value is not understood.
 */
export function parseOutcome(raw: string): Outcome | null | undefined {
  const k = headerKey(raw);
  if (k.length === 0) return null;
  if (POSITIVE.has(k)) return { show: true, sql: true };
  if (NEGATIVE.has(k)) return { show: null, sql: false };
  if (REACHED_VIEWING.has(k)) return { show: true, sql: false };
  if (NO_VIEWING.has(k)) return { show: false, sql: false };
  return undefined;
}

/** Comma, semicolon or tab: whichever the header line has most of outside quotes. */
export function detectDelimiter(head: string): string {
  const end = head.indexOf('\n');
  const line = end < 0 ? head : head.slice(0, end);
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch] = counts[ch]! + 1;
  }
  const [best, n] = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return n === 0 ? ',' : best;
}

export interface CsvRecord {
  /** line of the file where the record starts (1 is the header) */
  line: number;
  cells: string[];
  /** bytes of the file read so far (for progress) */
  bytes: number;
}

export const MAX_COLUMNS = 200;

/** CRLF, LF or a lone CR each end one line. */
function lineBreaks(cell: string): number {
  let n = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) { n++; if (cell.charCodeAt(i + 1) === 10) i++; }
  }
  return n;
}
export const MAX_CELL_CHARS = 10_000;

/**
 * Records of a CSV file, parsed in chunks so a large file never blocks the process for long.
 * The first yielded record is the header.
 */
export async function* readCsv(data: Buffer, opts: { delimiter?: string } = {}): AsyncGenerator<CsvRecord> {
  const text = data.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '');
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: MAX_CELL_CHARS * 4,
  });
  const CHUNK = 64 * 1024;
  const source = Readable.from((function* () {
    for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
  })());
  source.pipe(parser);
  source.on('error', (e) => parser.destroy(e));
  // A record starts after the previous one and any blank lines, and spans the line breaks inside
  // its quoted cells. (csv-parse's own info.lines counts a quoted CRLF as two lines.)
  let prevEnd = 0, prevEmpty = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number; bytes: number } }>) {
      const line = prevEnd + 1 + (rec.info.empty_lines - prevEmpty);
      let breaks = 0;
      for (const cell of rec.record) breaks += lineBreaks(cell);
      prevEnd = line + breaks;
      prevEmpty = rec.info.empty_lines;
      yield { line, cells: rec.record, bytes: rec.info.bytes };
    }
  } catch (e) {
    const err = e as { code?: string; message?: string; lines?: number };
    if (typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw new CsvFileError(`The file is not readable CSV${err.lines ? ` (near line ${err.lines})` : ''}: ${err.message}`);
    }
    throw e;
  }
}
