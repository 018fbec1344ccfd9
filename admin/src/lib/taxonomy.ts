// Section, tag and contributor lists used by filters and pickers; fetched once per page view.
import { api, qs } from "../api/client";
import type { Contributor, Section, Tag } from "../api/model";

export const fetchSections = () => api<{ sections: Section[] }>("GET", "/sections").then((r) => r.sections);
export const fetchTags = (q?: string) => api<{ tags: Tag[] }>("GET", `/tags${qs({ q })}`).then((r) => r.tags);
export const fetchContributors = (q?: string) => api<{ contributors: Contributor[] }>("GET", `/contributors${qs({ q })}`).then((r) => r.contributors);
