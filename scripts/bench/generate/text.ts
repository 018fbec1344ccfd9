// Synthetic news prose: sentences from a few templates over the vocabulary, with Zipf-weighted
// word choice so search terms range from near-universal ("council") to rare ("turbine").
import { zipfSampler, type Rng } from "./prng";
import * as V from "./vocabulary";

const sampler = <T>(list: readonly T[]) => {
  const draw = zipfSampler(list.length, 0.75);
  return (rng: Rng) => list[draw(rng)]!;
};
const noun = sampler(V.NOUNS);
const verb = sampler(V.VERBS);
const adj = sampler(V.ADJECTIVES);
const place = sampler(V.PLACES);
const org = sampler(V.ORGS);

const plural = (n: string) => (/(s|x|ch|sh)$/.test(n) ? `${n}es` : /[^aeiou]y$/.test(n) ? `${n.slice(0, -1)}ies` : `${n}s`);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const personName = (rng: Rng) => `${rng.pick(V.FIRST_NAMES)} ${rng.pick(V.LAST_NAMES)}`;

/** One declarative news sentence (roughly 10–25 words). */
export function sentence(rng: Rng): string {
  switch (rng.int(0, 7)) {
    case 0:
      return `${cap(org(rng))} ${verb(rng)} the ${adj(rng)} ${noun(rng)} on ${rng.pick(V.WEEKDAYS)}, saying the ${noun(rng)} would be ${verb(rng)} by ${rng.pick(V.MONTHS)}.`;
    case 1:
      return `In ${place(rng)}, ${rng.int(2, 950)} ${plural(noun(rng))} were ${verb(rng)} after the ${adj(rng)} ${noun(rng)} ${verb(rng)} the ${noun(rng)}.`;
    case 2:
      return `${rng.pick(V.CONNECTORS)} the ${noun(rng)} in ${place(rng)} has ${verb(rng)} ${rng.int(3, 60)} per cent of its ${noun(rng)} since ${rng.int(2009, 2025)}.`;
    case 3:
      return `The ${adj(rng)} ${noun(rng)} was ${verb(rng)} by ${org(rng)}, which ${verb(rng)} a ${adj(rng)} ${noun(rng)} last ${rng.pick(V.MONTHS)}.`;
    case 4:
      return `${personName(rng)}, a ${rng.pick(V.JOB_TITLES)} in ${place(rng)}, said the ${noun(rng)} had been ${verb(rng)} twice.`;
    case 5:
      return `Officials ${verb(rng)} ${rng.int(2, 40)} million in ${noun(rng)} funding for ${plural(noun(rng))} across the ${adj(rng)} ${noun(rng)}.`;
    case 6:
      return `${cap(plural(noun(rng)))} and ${plural(noun(rng))} in ${place(rng)} ${verb(rng)} the ${noun(rng)}, ${org(rng)} said.`;
    default:
      return `It is the ${adj(rng)} ${noun(rng)} to be ${verb(rng)} in ${place(rng)} since the ${noun(rng)} was ${verb(rng)} in ${rng.int(1991, 2024)}.`;
  }
}

/** A quotation with its attribution, as reporters write them. */
export function quoteSentence(rng: Rng): string {
  const words = sentence(rng).replace(/\.$/, "");
  return `“${words},” said ${personName(rng)}, ${rng.pick(V.JOB_TITLES)} at ${org(rng)}.`;
}

export function headline(rng: Rng): string {
  switch (rng.int(0, 4)) {
    case 0:
      return `${place(rng)} ${noun(rng)} ${verb(rng)} after ${adj(rng)} ${noun(rng)} row`;
    case 1:
      return `${cap(org(rng).replace(/^the /, ""))} ${verb(rng)} ${adj(rng)} ${noun(rng)} plan`;
    case 2:
      return `How the ${noun(rng)} in ${place(rng)} was ${verb(rng)}`;
    case 3:
      return `${cap(adj(rng))} ${noun(rng)} ${verb(rng)} as ${plural(noun(rng))} wait in ${place(rng)}`;
    default:
      return `${rng.int(2, 99)} ${plural(noun(rng))} ${verb(rng)} in ${place(rng)}: what we know`;
  }
}

export function summary(rng: Rng): string {
  return `${sentence(rng)} ${sentence(rng)}`;
}

/** A short phrase suitable as a link text or a tag name, e.g. for external related links. */
export function phrase(rng: Rng): string {
  return `${cap(adj(rng))} ${noun(rng)} in ${place(rng)}`;
}

export const searchTerms = (rng: Rng) => (rng.chance(0.5) ? `${noun(rng)} ${place(rng)}` : `${adj(rng)} ${noun(rng)}`);
