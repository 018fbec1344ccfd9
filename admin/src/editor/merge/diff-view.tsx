// Differences shown to a person: a body block by block with the changed words marked, and a whole
// article field by field. History uses them (a revision against the current text), and so does
// "Update live story" (the live version against the working copy). <ins>/<del> carry the meaning;
// the classes only colour them (no inline styles under the CSP).
import { FIELD_KEYS, FIELD_LABELS, describeValue, inputValue, type ArticleForm, type FieldKey } from "../article-form";
import type { BodyDoc } from "../body-json";
import { same } from "../../lib/same";
import { blockKind, blockText, diffDocs, type DiffRow } from "./block-diff";
import { diffWords, type WordPart } from "./word-diff";

/** Words with the removed ones in <del> and the added ones in <ins>. */
export function Words({ parts }: { parts: WordPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.op === "same" ? (
          <span key={i}>{p.text}</span>
        ) : p.op === "del" ? (
          <del key={i} class="diff-del">
            <span class="sr-only">[removed: </span>
            {p.text}
            <span class="sr-only">]</span>
          </del>
        ) : (
          <ins key={i} class="diff-add">
            <span class="sr-only">[added: </span>
            {p.text}
            <span class="sr-only">]</span>
          </ins>
        ),
      )}
    </>
  );
}

const textOf = (row: DiffRow) => blockText((row.new ?? row.old)!);

function Row({ row }: { row: DiffRow }) {
  const kind = blockKind(row.new ?? row.old);
  switch (row.op) {
    case "same":
      return <p class={`diff-block diff-same kind-${row.new!.type}`} dir="auto">{textOf(row)}</p>;
    case "add":
      return (
        <p class={`diff-block diff-added kind-${row.new!.type}`} dir="auto">
          <span class="diff-tag">New {kind}</span> <Words parts={[{ op: "add", text: textOf(row) }]} />
        </p>
      );
    case "del":
      return (
        <p class={`diff-block diff-removed kind-${row.old!.type}`} dir="auto">
          <span class="diff-tag">Removed {kind}</span> <Words parts={[{ op: "del", text: textOf(row) }]} />
        </p>
      );
    case "change":
      return (
        <p class={`diff-block diff-changed kind-${row.new!.type}`} dir="auto">
          <Words parts={row.words ?? []} />
          {row.words?.every((w) => w.op === "same") && <span class="diff-tag"> (formatting or links changed)</span>}
        </p>
      );
  }
}

/**
 * Rows of a block diff. `context`: unchanged blocks kept on each side of a change; longer unchanged
 * runs fold into one line. Infinity shows every block.
 */
export function BlockRows({ rows, context = 1 }: { rows: DiffRow[]; context?: number }) {
  const shown: (DiffRow | number)[] = [];
  let k = 0;
  while (k < rows.length) {
    if (rows[k]!.op !== "same") {
      shown.push(rows[k++]!);
      continue;
    }
    let end = k;
    while (end < rows.length && rows[end]!.op === "same") end++;
    const lead = k === 0 ? 0 : context;
    const trail = end === rows.length ? 0 : context;
    if (end - k > lead + trail + 1) {
      shown.push(...rows.slice(k, k + lead), end - k - lead - trail, ...rows.slice(end - trail, end));
    } else shown.push(...rows.slice(k, end));
    k = end;
  }
  return (
    <div class="diff-rows">
      {shown.map((r, i) =>
        typeof r === "number" ? (
          <p key={i} class="diff-skip muted">
            … {r} unchanged {r === 1 ? "block" : "blocks"} …
          </p>
        ) : (
          <Row key={i} row={r} />
        ),
      )}
    </div>
  );
}

/** A body as plain blocks, nothing marked: a revision as it was. */
export function DocText({ doc }: { doc: BodyDoc }) {
  if (!doc.content.length) return <p class="muted">(The body is empty.)</p>;
  return <BlockRows rows={doc.content.map((b) => ({ op: "same", old: b, new: b }))} context={Infinity} />;
}

/** A body against another, block by block. */
export function DocDiff(props: { old: BodyDoc; new: BodyDoc; context?: number }) {
  const rows = diffDocs(props.old, props.new);
  if (rows.every((r) => r.op === "same")) return <p class="muted">The body is the same.</p>;
  return <BlockRows rows={rows} context={props.context ?? 1} />;
}

/**
 * Every field that differs between two versions of the form (the body as a block diff).
 * `fields` limits the comparison, e.g. to what a revision snapshot can be compared on.
 */
export function FormDiff(props: { old: ArticleForm; new: ArticleForm; fields?: readonly FieldKey[] }) {
  const keys = (props.fields ?? FIELD_KEYS).filter((k) => !same(inputValue(props.old, k), inputValue(props.new, k)));
  if (!keys.length) return <p class="muted">No differences.</p>;
  return (
    <dl class="form-diff">
      {keys.map((k) => (
        <div key={k}>
          <dt>{FIELD_LABELS[k] ?? k}</dt>
          <dd dir="auto">
            {k === "body" ? <DocDiff old={props.old.body} new={props.new.body} /> : <Words parts={diffWords(describeValue(props.old, k), describeValue(props.new, k))} />}
          </dd>
        </div>
      ))}
    </dl>
  );
}
