// Ghost's `settings` resource from the newsroom's own settings: what a front-end reads for its
// header and <head>. Everything Ghost has and Copydesk does not is null or empty, never absent.
import * as v from "valibot";
import type { SiteSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";
import { NO_SOCIAL_CARD, SocialCardFields } from "./views";

const nstr = v.nullable(v.string());
const Navigation = v.array(v.object({ label: v.string(), url: v.string() }));

export const GhostSettingsView = v.object({
  title: v.string(),
  description: nstr,
  logo: v.pipe(nstr, v.description("The publisher logo, served by this server.")),
  icon: nstr,
  accent_color: nstr,
  cover_image: nstr,
  facebook: nstr,
  twitter: nstr,
  lang: v.pipe(v.string(), v.description("BCP 47 language tag of the site.")),
  locale: v.string(),
  timezone: v.pipe(v.string(), v.description("The newsroom's IANA time zone.")),
  codeinjection_head: nstr,
  codeinjection_foot: nstr,
  navigation: Navigation,
  secondary_navigation: Navigation,
  meta_title: nstr,
  meta_description: nstr,
  ...SocialCardFields,
  members_support_address: nstr,
  url: v.pipe(v.string(), v.description("The site's home page (PUBLIC_SITE_URL).")),
});

export function toGhostSettings(site: SiteSettings, timeZone: string, urls: SiteUrls): v.InferOutput<typeof GhostSettingsView> {
  return {
    title: site.title,
    description: site.description,
    logo: site.logo ? urls.media(site.logo.id) : null,
    icon: null,
    accent_color: null,
    cover_image: null,
    facebook: null,
    twitter: null,
    lang: site.language,
    locale: site.language,
    timezone: timeZone || "Etc/UTC",
    codeinjection_head: null,
    codeinjection_foot: null,
    navigation: [],
    secondary_navigation: [],
    meta_title: null,
    meta_description: null,
    ...NO_SOCIAL_CARD,
    members_support_address: null,
    url: urls.home,
  };
}
