// The part of Ghost's filter language (NQL) that front-ends use, parsed into a small tree. Pure: no
// SQL here (src/ghost-api/filter-sql.ts compiles the tree through the article query module), so the
// parser is tested on its own with hostile input (tests/api/ghost-api-filter.test.ts).
//
//   filter  := or
//   or      := and ( "," and )*          — NQL: "," is OR and binds looser than "+"
//   and     := factor ( "+" factor )*
//   factor  := "(" or ")" | clause
//   clause  := field ":" [ "-" ] [ ">" | ">=" | "<" | "<=" ] value
//   value   := "[" atom ( "," atom )* "]" | atom
//   atom    := 'quoted \' string' | "quoted" | bare (letters, digits, - _ . @ #)
//
// Everything is bounded so no filter can cost more than a fixed amount of SQL: length, clauses,
// values in a list and nesting depth. Past a bound, or on anything it does not understand, the
// parser throws FilterError, which the API answers with Ghost's 400 BadRequestError.

export type Op = "eq" | "ne" | "gt" | "gte" | "lt" | "lte";
export type Atom = string | number | boolean | null;
export interface Clause {
  kind: "clause";
  field: string;
  op: Op;
  /** One value, or the members of a list (`tags:[a,b]`: any of them). */
  values: Atom[];
  list: boolean;
}
export type FilterNode = Clause | { kind: "and" | "or"; children: FilterNode[] };

export const FILTER_LIMITS = { length: 2000, clauses: 30, listValues: 100, depth: 8 } as const;

export class FilterError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
    this.name = "FilterError";
  }
}

const BARE = /[\p{L}\p{N}_\-.@#]/u;
const FIELD = /^[a-z][a-z_.]*$/;

export function parseFilter(input: string): FilterNode {
  if (input.length > FILTER_LIMITS.length) throw new FilterError(`A filter is at most ${FILTER_LIMITS.length} characters.`, FILTER_LIMITS.length);
  const p = new Parser(input);
  const node = p.or(0);
  p.skipSpace();
  if (!p.done()) throw p.error(`unexpected ${JSON.stringify(p.peek())}`);
  return node;
}

class Parser {
  private i = 0;
  private clauses = 0;
  constructor(private readonly s: string) {}

  done = () => this.i >= this.s.length;
  peek = () => this.s[this.i] ?? "";
  error = (what: string) => new FilterError(`Query Error: ${what} at character ${this.i + 1}.`, this.i);

  skipSpace() {
    while (this.peek() === " ") this.i++;
  }

  private eat(ch: string) {
    this.skipSpace();
    if (this.s.startsWith(ch, this.i)) {
      this.i += ch.length;
      return true;
    }
    return false;
  }

  or(depth: number): FilterNode {
    const children = [this.and(depth)];
    while (this.eat(",")) children.push(this.and(depth));
    return children.length === 1 ? children[0]! : { kind: "or", children };
  }

  private and(depth: number): FilterNode {
    const children = [this.factor(depth)];
    while (this.eat("+")) children.push(this.factor(depth));
    return children.length === 1 ? children[0]! : { kind: "and", children };
  }

  private factor(depth: number): FilterNode {
    if (this.eat("(")) {
      if (depth + 1 > FILTER_LIMITS.depth) throw this.error(`parentheses nested deeper than ${FILTER_LIMITS.depth}`);
      const inner = this.or(depth + 1);
      if (!this.eat(")")) throw this.error("expected )");
      return inner;
    }
    return this.clause();
  }

  private clause(): Clause {
    if (++this.clauses > FILTER_LIMITS.clauses) throw this.error(`more than ${FILTER_LIMITS.clauses} conditions`);
    this.skipSpace();
    const start = this.i;
    while (!this.done() && /[a-z_.]/.test(this.peek())) this.i++;
    const field = this.s.slice(start, this.i);
    if (!FIELD.test(field)) throw this.error("expected a field name");
    if (!this.eat(":")) throw this.error(`expected ":" after ${field}`);
    let op: Op = "eq";
    if (this.eat("-")) op = "ne";
    if (this.eat(">=")) op = op === "ne" ? bad(this) : "gte";
    else if (this.eat("<=")) op = op === "ne" ? bad(this) : "lte";
    else if (this.eat(">")) op = op === "ne" ? bad(this) : "gt";
    else if (this.eat("<")) op = op === "ne" ? bad(this) : "lt";
    if (this.eat("[")) {
      const values = [this.atom()];
      while (this.eat(",")) {
        if (values.length >= FILTER_LIMITS.listValues) throw this.error(`more than ${FILTER_LIMITS.listValues} values in a list`);
        values.push(this.atom());
      }
      if (!this.eat("]")) throw this.error("expected ]");
      if (op !== "eq" && op !== "ne") throw this.error("a list takes no comparison");
      return { kind: "clause", field, op, values, list: true };
    }
    return { kind: "clause", field, op, values: [this.atom()], list: false };
  }

  private atom(): Atom {
    this.skipSpace();
    const q = this.peek();
    if (q === "'" || q === '"') {
      this.i++;
      let out = "";
      while (!this.done() && this.peek() !== q) {
        if (this.peek() === "\\" && this.i + 1 < this.s.length) this.i++;
        out += this.s[this.i++];
      }
      if (this.done()) throw this.error("unterminated string");
      this.i++;
      return out;
    }
    const start = this.i;
    while (!this.done() && BARE.test(this.peek())) this.i++;
    const raw = this.s.slice(start, this.i);
    if (!raw) throw this.error(this.done() ? "expected a value" : `unexpected ${JSON.stringify(this.peek())}`);
    if (raw === "true" || raw === "false") return raw === "true";
    if (raw === "null") return null;
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  }
}

function bad(p: Parser): never {
  throw p.error("a negation takes no comparison");
}

/** Every clause of the tree, for checks that do not care about its shape. */
export function clausesOf(node: FilterNode): Clause[] {
  return node.kind === "clause" ? [node] : node.children.flatMap(clausesOf);
}

/** Evaluates the tree against a record in memory (authors and tags are few: filtered after loading). */
export function matches(node: FilterNode, read: (field: string) => Atom | Atom[] | undefined): boolean {
  if (node.kind === "and") return node.children.every((n) => matches(n, read));
  if (node.kind === "or") return node.children.some((n) => matches(n, read));
  if (node.kind !== "clause") return false;
  const got = read(node.field);
  if (got === undefined) throw new FilterError(`Query Error: unknown field ${node.field}.`, 0);
  const have = Array.isArray(got) ? got : [got];
  // Values as text: `id:1` is the id "1", and slugs compare case-insensitively.
  const norm = (a: Atom) => (a === null ? null : String(a).toLowerCase());
  const hit = have.some((h) => node.values.some((v) => norm(h) === norm(v)));
  if (node.op === "eq") return hit;
  if (node.op === "ne") return !hit;
  throw new FilterError(`Query Error: ${node.field} cannot be compared with > or <.`, 0);
}
