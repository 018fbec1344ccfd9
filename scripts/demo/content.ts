/**
 * Demo content for Copydesk: "The Copydesk Courier", a fictional newsroom.
 *
 * Plain data, no imports. Every person, quote, company and organisation here
 * is invented; cities and countries are real places used as settings only.
 * Article 01 follows the shape described in shared/reference/article-shape.md
 * (six ordered tags, a person + desk byline, image with caption/credit, AI
 * audio disclosure, ~430-word body with quotes and two related-story cards).
 *
 * Bodies are TipTap/ProseMirror JSON documents built with the small helpers
 * below (p, h2, quote, ul, ol, card, embed ...).
 */

// ---------------------------------------------------------------------------
// Exported shapes
// ---------------------------------------------------------------------------

export interface DemoSection {
  slug: string;
  name: string;
  description: string;
}

export interface DemoContributor {
  slug: string;
  kind: "person" | "organization";
  name: string;
  job_title: string | null;
  bio: string;
  links: { label: string; url: string }[];
}

export interface DemoImage {
  key: string;
  alt: string;
  caption: string;
  credit: string;
  width: number;
  height: number;
  color: [number, number, number];
  accent: [number, number, number];
}

export interface DemoArticle {
  id: string;
  slug: string;
  headline: string;
  dek: string;
  summary: string;
  section: string;
  tags: string[];
  bylines: { contributor: string; role: string | null }[];
  body: unknown;
  image: DemoImage | null;
  audio: { url: string; disclosure: string } | null;
  related: ({ article_id: string } | { url: string; title: string; summary: string; source: string })[];
  published_at: string | null;
  scheduled_at?: string;
  comments_enabled: boolean;
  language: string;
}

export interface DemoCollection {
  slug: string;
  name: string;
  description: string;
  article_ids: string[];
}

// ---------------------------------------------------------------------------
// Body helpers (local)
// ---------------------------------------------------------------------------

type Mark = { type: "bold" } | { type: "italic" } | { type: "link"; attrs: { href: string } };
type Inline = { type: "text"; text: string; marks?: Mark[] } | { type: "hardBreak" };
type Block =
  | { type: "paragraph"; content?: Inline[] }
  | { type: "heading"; attrs: { level: 2 | 3 | 4 }; content: Inline[] }
  | { type: "blockquote"; content: Block[] }
  | { type: "bulletList" | "orderedList"; content: { type: "listItem"; content: Block[] }[] }
  | { type: "horizontalRule" }
  | { type: "relatedCard"; attrs: { article_id: string } }
  | { type: "embed"; attrs: { url: string; caption: string; provider: string } };
type Part = string | Inline;

const inl = (parts: Part[]): Inline[] => parts.map((x) => (typeof x === "string" ? { type: "text", text: x } : x));
/** bold text */
const b = (text: string): Inline => ({ type: "text", text, marks: [{ type: "bold" }] });
/** italic text */
const i = (text: string): Inline => ({ type: "text", text, marks: [{ type: "italic" }] });
/** link (https only) */
const a = (text: string, href: string): Inline => ({ type: "text", text, marks: [{ type: "link", attrs: { href } }] });
/** line break inside a paragraph */
const br: Inline = { type: "hardBreak" };

const p = (...parts: Part[]): Block => ({ type: "paragraph", content: inl(parts) });
const h2 = (...parts: Part[]): Block => ({ type: "heading", attrs: { level: 2 }, content: inl(parts) });
const h3 = (...parts: Part[]): Block => ({ type: "heading", attrs: { level: 3 }, content: inl(parts) });
/** blockquote: each argument is one paragraph */
const quote = (...paras: (Part | Part[])[]): Block => ({
  type: "blockquote",
  content: paras.map((x) => (Array.isArray(x) ? p(...x) : p(x))),
});
const listItems = (items: (Part | Part[])[]) =>
  items.map((x) => ({ type: "listItem" as const, content: [Array.isArray(x) ? p(...x) : p(x)] }));
const ul = (...items: (Part | Part[])[]): Block => ({ type: "bulletList", content: listItems(items) });
const ol = (...items: (Part | Part[])[]): Block => ({ type: "orderedList", content: listItems(items) });
const hr: Block = { type: "horizontalRule" };
const card = (article_id: string): Block => ({ type: "relatedCard", attrs: { article_id } });
const embed = (url: string, caption: string, provider: string): Block => ({ type: "embed", attrs: { url, caption, provider } });
const doc = (...content: Block[]) => ({ type: "doc" as const, content });

const img = (
  slug: string,
  size: "wide" | "classic",
  alt: string,
  caption: string,
  credit: string,
  color: [number, number, number],
  accent: [number, number, number],
): DemoImage => ({
  key: `demo/${slug}.png`,
  alt,
  caption,
  credit,
  width: size === "wide" ? 1600 : 1200,
  height: size === "wide" ? 900 : 800,
  color,
  accent,
});

const AI_AUDIO = "This audio is created with AI assistance";
const audioFor = (slug: string) => ({ url: `https://media.example.org/audio/${slug}.mp3`, disclosure: AI_AUDIO });

// ---------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------

export const sections: DemoSection[] = [
  { slug: "world", name: "World", description: "Breaking news and correspondents' reports from around the globe." },
  { slug: "business", name: "Business", description: "Companies, jobs, energy & the economy, explained for readers rather than traders." },
  { slug: "science", name: "Science", description: "Research, climate and the natural world, with the data behind the stories." },
  { slug: "culture", name: "Culture", description: "Books, theatre, music and the places where people gather to share them." },
  { slug: "opinion", name: "Opinion", description: "Arguments from Courier editors and guest writers. Views are the authors' own." },
];

// ---------------------------------------------------------------------------
// Contributors: 8 people, 3 desks
// ---------------------------------------------------------------------------

const profile = (slug: string) => ({ label: "Courier profile", url: `https://courier.example.org/authors/${slug}` });

export const contributors: DemoContributor[] = [
  {
    slug: "ilona-marchuk",
    kind: "person",
    name: "Ilona Marchuk",
    job_title: "Staff reporter, Eastern Europe",
    bio: "Ilona Marchuk covers Ukraine, Poland and the Baltic states for the Courier from Lviv. She previously reported on regional politics in Kharkiv.",
    links: [profile("ilona-marchuk"), { label: "Mastodon", url: "https://social.example.org/@ilona" }],
  },
  {
    slug: "devin-okafor-lind",
    kind: "person",
    name: "Devin Okafor-Lind",
    job_title: "Business reporter",
    bio: "Devin Okafor-Lind writes about small firms, labour markets and the industrial side of Europe's energy transition.",
    links: [profile("devin-okafor-lind")],
  },
  {
    slug: "sunniva-hartle",
    kind: "person",
    name: "Sunniva Hartle",
    job_title: "Science correspondent",
    bio: "Sunniva Hartle reports on climate research, space and weather. She trained as a glaciologist before moving into journalism.",
    links: [profile("sunniva-hartle"), { label: "Website", url: "https://sunnivahartle.example.com" }],
  },
  {
    slug: "rafael-quintanar",
    kind: "person",
    name: "Rafael Quintanar",
    job_title: "Culture writer",
    bio: "Rafael Quintanar writes about books, theatre and city life, and reviews new plays for the Courier's culture pages.",
    links: [profile("rafael-quintanar")],
  },
  {
    slug: "samira-nadeef",
    kind: "person",
    name: "Samira Nadeef",
    job_title: "Middle East correspondent",
    bio: "Samira Nadeef reports from Amman on culture, education and daily life across the Levant, in Arabic and English.",
    links: [profile("samira-nadeef")],
  },
  {
    slug: "petra-voskuijlen",
    kind: "person",
    name: "Petra Voskuijlen",
    job_title: "Data reporter",
    bio: "Petra Voskuijlen builds the datasets behind Courier investigations and explains what the numbers can and cannot say.",
    links: [profile("petra-voskuijlen"), { label: "Code", url: "https://code.example.org/pvoskuijlen" }],
  },
  {
    slug: "august-lemaire",
    kind: "person",
    name: "August Lemaire",
    job_title: "Opinion editor",
    bio: "August Lemaire edits the Courier's opinion pages and writes a fortnightly column on media and public trust.",
    links: [profile("august-lemaire")],
  },
  {
    slug: "kasia-wrenfield",
    kind: "person",
    name: "Kasia Wrenfield",
    job_title: "Staff photographer",
    bio: "Kasia Wrenfield is the Courier's staff photographer. Her work focuses on people at work and the places they gather after dark.",
    links: [profile("kasia-wrenfield"), { label: "Portfolio", url: "https://wrenfield.example.com" }],
  },
  {
    slug: "courier-news-desk",
    kind: "organization",
    name: "Courier news desk",
    job_title: null,
    bio: "The Copydesk Courier's news desk edits and verifies breaking stories around the clock.",
    links: [{ label: "Contact the desk", url: "https://courier.example.org/contact/news" }],
  },
  {
    slug: "courier-data-desk",
    kind: "organization",
    name: "Courier data desk",
    job_title: null,
    bio: "The Courier data desk collects, cleans and publishes the datasets behind our reporting. Methodology notes accompany every chart.",
    links: [{ label: "Datasets", url: "https://data.example.org/courier" }],
  },
  {
    slug: "wire-services",
    kind: "organization",
    name: "Wire services",
    job_title: null,
    bio: "Material from news agencies, edited and fact-checked by Courier staff.",
    links: [],
  },
];

// ---------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------

const A = (n: number) => `demo-article-${String(n).padStart(2, "0")}`;

// 01 — the reference-shaped article -------------------------------------------
const a01: DemoArticle = {
  id: A(1),
  slug: "velychko-vows-no-launcher-left-idle-as-repair-hub-opens",
  headline: "Velychko vows 'no launcher left idle' as Norway-backed repair hub opens",
  dek: "A converted machinery plant near Lviv will refurbish damaged air defence launchers with help from Norwegian engineers.",
  summary:
    "Ukraine has opened a repair hub near Lviv for damaged air defence launchers, with Norwegian engineers training local technicians.",
  section: "world",
  tags: ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"],
  bylines: [
    { contributor: "ilona-marchuk", role: null },
    { contributor: "courier-news-desk", role: null },
  ],
  body: doc(
    p(
      "Ukraine has opened a repair hub near Lviv where damaged air defence launchers will be refurbished with Norwegian help, deputy minister Taras Velychko said on Friday, promising \"no launcher left idle\" this winter.",
    ),
    p(
      "Speaking to reporters at the site, a converted farm machinery plant outside the city, Velychko said the facility could return up to a dozen launchers a month to frontline units once it reaches full capacity in the spring, and more if spare parts arrive on schedule.",
    ),
    p(
      "\"Every system that sits in a warehouse waiting for a spare part is a system that is not protecting a city,\" he said. \"We are bringing the workshop closer to the sky it defends.\"",
    ),
    p(
      "The hub is funded through a bilateral agreement with Norway, whose engineers will train Ukrainian technicians to diagnose faults in surface-to-air missile launchers and their radar units. Neither government disclosed the value of the deal.",
    ),
    p(
      "In a written statement, Norway's defence ministry called the programme \"a practical contribution that keeps existing equipment working\" and said its engineers would stay in Ukraine on rotating three-month assignments.",
    ),
    card(A(5)),
    p(
      "Ingrid Solbakken, the Norwegian engineer who leads the training team, said the first group of 40 technicians had already finished a six-week course. \"They learn faster than we can write the manuals,\" she said. \"Half of our instructions now come from their notes.\"",
    ),
    p(
      "Officials said the plant was chosen partly because of its distance from the front line, although no city in the country is considered fully out of reach. The ministry asked journalists not to identify the building.",
    ),
    quote(
      "\"The repair hub is a civilian industrial site operating under wartime rules. Its exact location will not be published, and its workers will not be named.\" — statement from the Ministry for Strategic Industries",
    ),
    p(
      "Sergeant Dmytro Hrytsai, who maintains launchers for an air force brigade in the south, said quick turnaround mattered more to his crew than new deliveries. \"A new launcher is a headline. A repaired one by Tuesday is a night of sleep for a whole district,\" he said.",
    ),
    card(A(2)),
    p(
      "Velychko said the ministry hoped to open two smaller hubs in central Ukraine next year and was in talks with \"at least three other partners\" about similar arrangements. He declined to name them, saying the talks were at an early stage.",
    ),
    p(
      "Analysts caution that repair capacity alone cannot make up for shortages of interceptor missiles, which remain the main constraint on the country's air defences heading into winter.",
    ),
    p(
      "\"Repairs buy time, not ammunition,\" said Oksana Lytvak, a defence researcher at a Kyiv policy institute. \"But time is exactly what the power grid needs between now and March.\"",
    ),
  ),
  image: img(
    "velychko-vows-no-launcher-left-idle-as-repair-hub-opens",
    "wide",
    "Technicians in winter jackets inspect a truck-mounted missile launcher inside a large, brightly lit workshop",
    "Illustrative purposes: Technicians inspect a launcher during a maintenance drill in Lviv on October 29, 2024",
    "Marek Dzyuba/Eastgate Press via Northlight Images",
    [46, 58, 74],
    [232, 186, 64],
  ),
  audio: audioFor("velychko-vows-no-launcher-left-idle-as-repair-hub-opens"),
  related: [{ article_id: A(5) }, { article_id: A(2) }],
  published_at: "2024-11-01T22:34:00Z",
  comments_enabled: true,
  language: "en",
};

// 02 ---------------------------------------------------------------------------
const a02: DemoArticle = {
  id: A(2),
  slug: "counting-the-dark-hours-winter-outages-in-data",
  headline: "Counting the dark hours: what a winter of scheduled outages looks like in data",
  dek: "The Courier data desk logged every published power-cut schedule in five Ukrainian cities for six weeks.",
  summary:
    "Our analysis of six weeks of published outage schedules shows evenings, not nights, take the biggest hit, and that smaller cities wait longest for power to return.",
  section: "world",
  tags: ["News Feed", "Ukraine", "Energy", "Data"],
  bylines: [
    { contributor: "petra-voskuijlen", role: "Reporting by" },
    { contributor: "courier-data-desk", role: null },
  ],
  body: doc(
    p(
      "For six weeks this autumn, the Courier data desk downloaded the outage schedules that regional grid operators publish each evening for the following day, in five cities: Kyiv, Lviv, Dnipro, Poltava and Chernihiv. We turned the tables, images and social media posts into a single dataset of more than 9,000 scheduled blocks.",
    ),
    p(
      "The schedules are plans, not measurements. Operators often restore power early or cut it at short notice, so the figures below describe what households were told to expect, which is what most families use to plan cooking, homework and charging phones.",
    ),
    h2("Evenings carry the load"),
    p(
      "Across all five cities, the most frequently scheduled window was between 18:00 and 22:00, when demand peaks as people return home. Households in our sample were scheduled to be without power for an average of ",
      b("3 hours 40 minutes"),
      " on a weekday evening, compared with just under two hours overnight.",
    ),
    p(
      "\"People assume the night is the hard part,\" said Halyna Ostapchuk, who coordinates a residents' association in Poltava. \"It isn't. The hard part is six o'clock, when the children need dinner and the lift stops between floors.\"",
    ),
    embed(
      "https://charts.example.org/courier/outage-hours-by-city",
      "Scheduled outage hours per household per week, by city, October–November 2026",
      "Courier Charts",
    ),
    h2("Smaller cities wait longer"),
    p(
      "Scheduled blocks were longest in Chernihiv and Poltava, where a single outage lasted a median of four hours. In Kyiv, operators split the day into more, shorter blocks, which residents said was easier to plan around even when the total was similar.",
    ),
    h3("How we did it"),
    ol(
      "We archived each operator's published schedule every evening at 21:00 local time.",
      "Where a schedule was only published as an image, two reporters transcribed it independently and compared results.",
      "We counted a household as 'scheduled off' for any block assigned to its queue group, and averaged across groups in each city.",
      "We excluded emergency outages, which are not announced in advance.",
    ),
    p(
      "The full dataset and our cleaning code are available on ",
      a("the Courier data portal", "https://data.example.org/courier/outages-2026"),
      ". Corrections and additions from readers in other cities are welcome.",
    ),
    p(
      "Grid engineers we spoke to cautioned against reading too much into week-to-week changes, which depend on weather, repairs and imports as much as on damage. But the pattern in the evenings held in every single week we measured.",
    ),
  ),
  image: img(
    "counting-the-dark-hours-winter-outages-in-data",
    "wide",
    "An apartment block at dusk with only a few windows lit, one showing a candle",
    "Illustrative purposes: An apartment block during a scheduled outage in Chernihiv on November 3, 2026",
    "Kasia Wrenfield/The Copydesk Courier via Northlight Images",
    [24, 30, 52],
    [250, 208, 120],
  ),
  audio: audioFor("counting-the-dark-hours-winter-outages-in-data"),
  related: [{ article_id: A(4) }],
  published_at: "2026-11-18T07:30:00Z",
  comments_enabled: true,
  language: "en",
};

// 03 — Arabic, right-to-left ---------------------------------------------------
const a03: DemoArticle = {
  id: A(3),
  slug: "mobile-library-jordan-valley",
  headline: "مكتبة على عجلات تعيد القراءة إلى قرى وادي الأردن",
  dek: "حافلة مدرسية قديمة تحولت إلى مكتبة متنقلة تحمل ثلاثة آلاف كتاب وتتوقف كل أسبوع في تسع قرى زراعية.",
  summary:
    "في وادي الأردن، تجوب حافلة صفراء قديمة القرى الزراعية محمّلة بالكتب، وتقول القائمات عليها إن عدد الأطفال المسجلين تضاعف خلال عام واحد.",
  section: "culture",
  tags: ["Books", "Middle East", "Education"],
  bylines: [
    { contributor: "samira-nadeef", role: null },
    { contributor: "wire-services", role: "Additional reporting" },
  ],
  body: doc(
    p(
      "كل صباح ثلاثاء، تتوقف حافلة صفراء باهتة اللون عند مدخل قرية صغيرة في وادي الأردن، فيركض نحوها الأطفال قبل أن يطفئ السائق المحرك. في داخلها رفوف خشبية تحمل نحو ثلاثة آلاف كتاب، وسجادة ملونة، ومروحة تعمل بالطاقة الشمسية.",
    ),
    p(
      "تقول سلمى الرواشدة، أمينة المكتبة التي أسست المشروع قبل عامين مع مجموعة من المعلمات المتقاعدات: \"كثير من هذه القرى لا توجد فيها مكتبة عامة، وأقرب مكتبة تبعد ساعة بالسيارة. قررنا أن نذهب نحن إلى القراء بدل أن ننتظر وصولهم.\"",
    ),
    p(
      "بدأت الفكرة عندما لاحظت الرواشدة، خلال عملها السابق معلمةً للغة العربية، أن كثيراً من طلابها لا يملكون في بيوتهم أي كتاب غير الكتب المدرسية. وتقول إن الهدف لم يكن تحسين العلامات فقط، بل أن يشعر الأطفال بأن القراءة متعة وليست واجباً.",
    ),
    p(
      "اشترت المجموعة الحافلة من مدرسة خاصة كانت ستبيعها خردة، ثم أعاد متطوعون طلاءها وتجهيزها. أما الكتب فجاء معظمها تبرعات من عائلات في عمّان وإربد، إضافة إلى منحة صغيرة من صندوق محلي لدعم القراءة.",
    ),
    h2("قراءة بين مواسم الحصاد"),
    p(
      "يعمل كثير من الأهالي في مزارع الخضار والموز، وتتغير مواعيد الأطفال مع مواسم الحصاد. لذلك تسمح المكتبة باستعارة الكتب لمدة شهر كامل، ولا تفرض أي غرامات على التأخير.",
    ),
    p(
      "يقول أبو يزن، وهو مزارع وأب لأربعة أطفال: \"ابنتي الصغيرة كانت تخاف من القراءة بصوت عالٍ. الآن تقرأ لإخوتها قبل النوم، وأحياناً تقرأ لي أنا أيضاً.\"",
    ),
    p(
      "وفي كل زيارة تخصص المتطوعات نصف ساعة لقراءة قصة بصوت عالٍ، ثم يرسم الأطفال مشهداً منها على أوراق تُعلّق لاحقاً على جدران الحافلة. وبعد عامين، لم يعد في الجدران مكان فارغ.",
    ),
    quote("\"الكتاب الذي يعود ممزق الأطراف هو أفضل دليل على أن أحداً قرأه.\" — سلمى الرواشدة"),
    p(
      "وتقول القائمات على المشروع إن عدد الأطفال المسجلين ارتفع من نحو مئة وعشرين طفلاً في العام الأول إلى أكثر من مئتين وخمسين هذا العام، وإن الطلب الأكبر هو على القصص المصورة وكتب العلوم المبسطة.",
    ),
    p(
      "لكن التحديات ما زالت كثيرة. فالحافلة تحتاج إلى صيانة مستمرة بسبب الطرق الترابية، والحرارة في الصيف قد تتجاوز خمساً وأربعين درجة مئوية، ما يجعل القراءة داخلها صعبة في ساعات الظهيرة.",
    ),
    p(
      "وتأمل المجموعة أن تحصل العام المقبل على حافلة ثانية تصل إلى قرى في جنوب الوادي، وأن تضيف ركناً للكتب الصوتية للأطفال من ذوي الإعاقة البصرية.",
    ),
    p(
      "تقول الرواشدة وهي ترتب الرفوف استعداداً للمحطة التالية: \"لا نريد أن نصنع قراءً مثاليين. نريد فقط أن يعرف كل طفل هنا أن هناك كتاباً ينتظره كل يوم ثلاثاء.\"",
    ),
  ),
  image: img(
    "mobile-library-jordan-valley",
    "classic",
    "أطفال يجلسون على سجادة ملونة داخل حافلة تحولت إلى مكتبة ويقرؤون كتباً مصورة",
    "لأغراض توضيحية: أطفال يقرؤون داخل المكتبة المتنقلة خلال زيارتها الأسبوعية في وادي الأردن في 6 أكتوبر 2026",
    "Yousef Qandil/Levant Lens via Northlight Images",
    [238, 196, 72],
    [38, 94, 120],
  ),
  audio: null,
  related: [{ article_id: A(8) }],
  published_at: "2026-10-09T06:00:00Z",
  comments_enabled: false,
  language: "ar",
};

// 04 ---------------------------------------------------------------------------
const a04: DemoArticle = {
  id: A(4),
  slug: "bakeries-and-breweries-perfect-storm-energy-bills",
  headline: "Bakeries & breweries face a 'perfect storm' as winter energy bills climb",
  dek: "Small firms that run ovens, kettles and chillers all day say fixed-price contracts are ending just as demand softens.",
  summary:
    "Energy-hungry small businesses say expiring fixed-price contracts and cautious customers are squeezing margins going into winter.",
  section: "business",
  tags: ["Energy", "Small Business", "Europe"],
  bylines: [{ contributor: "devin-okafor-lind", role: null }],
  body: doc(
    p(
      "At 4 a.m. the ovens at Brotwerk Kessler, a family bakery on the edge of Leipzig, are already at 250 degrees. By the time the first customers arrive, the shop has used more electricity than most households do in a week.",
    ),
    p(
      "\"We can't bake bread at half temperature,\" said owner Jana Kessler, whose two-year fixed-price energy contract ends in December. \"The quote for the new one is almost 40% higher. Flour I can shop around for. Electricity, I can't.\"",
    ),
    p(
      "Kessler's situation is common among small, energy-intensive firms across Europe, from bakeries and laundries to craft breweries and ice-cream makers. Many locked in prices after the 2022 spike; those contracts are now running out as wholesale prices for the coming winter have crept back up.",
    ),
    p(
      "Trade groups describe a \"perfect storm\": higher standing charges, customers who are cutting back on treats, and wage increases that were agreed when inflation was higher. A survey of 1,200 members by a European federation of craft producers, shared with the Courier, found that ",
      b("one in five"),
      " expected to cut opening hours this winter.",
    ),
    p(
      "In Ghent, the three founders of Kanaal & Co, a microbrewery with a taproom, have already decided to close on Mondays and Tuesdays from November. \"It's not the beer that costs us, it's the cold room,\" said co-founder Pieter Van Damme. \"Keeping 4,000 litres at 3 degrees doesn't care whether anyone comes in.\"",
    ),
    p(
      "Some firms are investing their way out. Brotwerk Kessler has applied for a regional grant to replace two of its oldest ovens with heat-recovery models that, the manufacturer says, could cut consumption by a quarter. The grant process takes up to nine months.",
    ),
    p(
      "Economists say the pressure on small producers is a slow-moving problem rather than a sudden shock. \"This is less a cliff than a long staircase,\" said Marguerite Aubel, who studies small-business finance at a university in Lyon. \"Each step is survivable. The question is how many steps a bakery with a 5% margin can take.\"",
    ),
    p(
      "For customers, the result may be fewer choices rather than dramatically higher prices. Kessler said she would rather drop two varieties of bread than raise the price of her rye loaf again. \"People notice when the rye goes up,\" she said. \"They don't notice when the olive ciabatta disappears.\"",
    ),
  ),
  image: img(
    "bakeries-and-breweries-perfect-storm-energy-bills",
    "classic",
    "A baker in a flour-dusted apron slides loaves into a large steel oven before dawn",
    "Illustrative purposes: A baker loads an oven during the early shift in Leipzig on October 15, 2026",
    "Kasia Wrenfield/The Copydesk Courier via Northlight Images",
    [120, 72, 40],
    [248, 224, 180],
  ),
  audio: null,
  related: [
    { article_id: A(2) },
    {
      url: "https://energy-observatory.example.org/reports/small-business-tariffs-2026",
      title: "Small-business energy tariffs, winter 2026 outlook",
      summary: "An independent tracker of fixed-price contract renewals for firms with fewer than 50 employees.",
      source: "Energy Observatory (example.org)",
    },
  ],
  published_at: "2026-10-21T05:00:00Z",
  comments_enabled: true,
  language: "en",
};

// 05 ---------------------------------------------------------------------------
const a05: DemoArticle = {
  id: A(5),
  slug: "european-arms-makers-struggle-to-hire-welders",
  headline: "European arms makers struggle to hire welders as orders pile up",
  dek: "Defence manufacturers have full order books, but the skilled workers to fill them are retiring faster than they are being trained.",
  summary:
    "Defence manufacturers across Europe say a shortage of certified welders and machinists, not money, is now the biggest brake on production.",
  section: "business",
  tags: ["Defence Industry", "Jobs", "Europe", "Air Defence", "Norway"],
  bylines: [
    { contributor: "devin-okafor-lind", role: null },
    { contributor: "wire-services", role: "Additional reporting" },
  ],
  body: doc(
    p(
      "The factory floor at Fjordmek, a mid-sized engineering firm outside Trondheim, has never been busier. Orders for launcher chassis, radar masts and armoured enclosures have tripled in three years. What it cannot find are people who can weld them.",
    ),
    p(
      "\"We have the steel, we have the contracts and we have the money,\" said production director Eirik Hovland. \"What we don't have is 30 certified welders. I could hire them tomorrow if they existed.\"",
    ),
    p(
      "Across Europe, defence manufacturers describe the same bottleneck. Governments have signed long-term contracts to rebuild stockpiles and air defence systems, but the workforce that once supplied shipyards and heavy industry has aged, and many vocational schools cut metalworking courses during the years of low defence spending.",
    ),
    p(
      "An industry association representing about 300 suppliers estimates that its members have more than 12,000 unfilled skilled positions, most of them in welding, precision machining and electronics assembly. Average time to fill a welding vacancy has risen from six weeks to more than five months, it said.",
    ),
    p(
      "Firms are responding in different ways. Some are running their own apprenticeships; others are recruiting from shipbuilding and offshore oil, where work has slowed. Fjordmek now pays trainees a full wage during an 18-month course and guarantees a job at the end.",
    ),
    p(
      "\"Five years ago I'd never have imagined we would run a school,\" Hovland said. \"Now it's the most important department we have.\"",
    ),
    p(
      "Unions welcome the hiring but warn against shortcuts. \"Certification exists for a reason,\" said Lise Andvord, a shop steward at a plant in southern Sweden. \"A weld on a launcher has to survive a Ukrainian winter and a missile's exhaust. You don't learn that in six weeks.\"",
    ),
    p(
      "Some governments are now treating the skills gap as a matter of security rather than only of education policy. Norway and Finland have both announced funding for additional vocational places, and several German states are offering relocation grants for metalworkers moving from other industries.",
    ),
    p(
      "For now, the shortage means longer delivery times. Fjordmek has told customers to expect chassis orders placed this year to ship in 2028. \"The demand is real and it's not going away,\" Hovland said. \"The question is whether we can build the people as fast as the politicians build the budgets.\"",
    ),
  ),
  image: img(
    "european-arms-makers-struggle-to-hire-welders",
    "wide",
    "A welder in a protective mask works on a steel frame, sparks flying across a factory hall",
    "Illustrative purposes: A welder works on a vehicle frame during a night shift in Trondheim on October 22, 2026",
    "Henrik Aasland/Nordlys Foto via Northlight Images",
    [52, 60, 68],
    [255, 140, 40],
  ),
  audio: audioFor("european-arms-makers-struggle-to-hire-welders"),
  related: [{ article_id: A(1) }, { article_id: A(11) }],
  published_at: "2026-11-04T09:10:00Z",
  comments_enabled: true,
  language: "en",
};

// 06 ---------------------------------------------------------------------------
const a06: DemoArticle = {
  id: A(6),
  slug: "iceland-glacier-sensors-earliest-autumn-freeze",
  headline: "Iceland's glacier sensors log the earliest autumn freeze in a decade",
  dek: "A network of 60 low-cost sensors on Vatnajökull shows meltwater stopping two weeks earlier than usual, and scientists are not sure why.",
  summary:
    "Sensors on Iceland's largest ice cap recorded meltwater shutting off unusually early this autumn, a puzzle researchers say points to how little we know about glacier plumbing.",
  section: "science",
  tags: ["Climate", "Research", "Data", "Europe"],
  bylines: [
    { contributor: "sunniva-hartle", role: null },
    { contributor: "kasia-wrenfield", role: "Photographs by" },
  ],
  body: doc(
    p(
      "On a grey morning in late September, hydrologist Björk Sveinsdóttir knelt on the edge of Vatnajökull and pulled a shoebox-sized sensor out of a crack in the ice. The little screen showed a flat line. \"That's it,\" she said. \"The glacier has stopped draining for the year.\"",
    ),
    p(
      "The line went flat on September 19, roughly two weeks earlier than the ten-year average from the same network of 60 sensors, which measure water pressure and temperature in channels beneath the ice. It is the earliest shut-off since the network was installed.",
    ),
    p(
      "That might sound like good news for a glacier that has lost a significant share of its volume over the past century. The researchers are careful not to say so. \"One early freeze is weather,\" said Sveinsdóttir. \"We need many years before we can talk about climate.\"",
    ),
    h2("What the sensors measure"),
    ul(
      [b("Water pressure"), " in the channels beneath the ice, logged every ten minutes."],
      [b("Temperature"), " of the meltwater, accurate to a tenth of a degree."],
      [b("Tilt"), ", which shows when the ice around a sensor shifts or collapses."],
      [b("Battery voltage"), ", because a dead sensor and a frozen channel can look the same."],
    ),
    p(
      "The sensors cost about €150 each, a fraction of the price of traditional borehole instruments, and are designed by a team at a university in Reykjavík that publishes its hardware plans openly. Around a quarter are lost to the ice every year.",
    ),
    embed(
      "https://video.example.com/watch/vatnajokull-sensor-retrieval",
      "Researchers retrieve a meltwater sensor on Vatnajökull, September 2026",
      "Example Video",
    ),
    p(
      "One explanation is a cold spell that hit the south-east of the country in mid-September. Another is that the glacier's internal plumbing has changed, closing some channels sooner. ",
      i("Both may be true at once"),
      ", said Thomas Ferrand, a glaciologist at a French research institute who was not involved in the project.",
    ),
    p(
      "\"The honest answer is that the inside of a glacier is still largely a black box,\" Ferrand said. \"Cheap sensors like these are how we start to open it.\"",
    ),
    p(
      "The team's data for 2016 to 2026 is available through ",
      a("an open research repository", "https://research.example.org/datasets/vatnajokull-meltwater"),
      ". Sveinsdóttir's group plans to double the number of sensors next summer, with help from local mountain guides who will carry them onto the ice.",
    ),
  ),
  image: img(
    "iceland-glacier-sensors-earliest-autumn-freeze",
    "wide",
    "A researcher in a red jacket kneels on grey glacier ice holding a small yellow sensor box",
    "Illustrative purposes: A hydrologist retrieves a sensor during fieldwork on Vatnajökull in Iceland on September 24, 2026",
    "Kasia Wrenfield/The Copydesk Courier via Northlight Images",
    [176, 196, 210],
    [204, 40, 36],
  ),
  audio: audioFor("iceland-glacier-sensors-earliest-autumn-freeze"),
  related: [
    { article_id: A(7) },
    {
      url: "https://research.example.org/datasets/vatnajokull-meltwater",
      title: "Vatnajökull meltwater sensor network, 2016–2026",
      summary: "Ten years of pressure and temperature readings from channels beneath Iceland's largest ice cap.",
      source: "Example Research Repository",
    },
    {
      url: "https://glaciers.example.com/explainers/how-glaciers-drain",
      title: "How do glaciers drain?",
      summary: "An illustrated guide to the hidden rivers that run beneath the ice.",
      source: "Glacier Explainers (example.com)",
    },
  ],
  published_at: "2026-10-14T11:00:00Z",
  comments_enabled: true,
  language: "en",
};

// 07 ---------------------------------------------------------------------------
const a07: DemoArticle = {
  id: A(7),
  slug: "what-40-percent-chance-of-rain-really-means",
  headline: "What a \"40% chance of rain\" really means — and why your apps disagree",
  dek: "Probability forecasts are among the most useful and least understood numbers in daily life. Here is how to read them.",
  summary:
    "A 40% chance of rain does not mean it will rain for 40% of the day. We explain what forecast probabilities mean and why two apps can show different numbers.",
  section: "science",
  tags: ["Explainer", "Data", "Climate"],
  bylines: [
    { contributor: "sunniva-hartle", role: null },
    { contributor: "courier-data-desk", role: "Charts by" },
  ],
  body: doc(
    p(
      "Open two weather apps on the same phone and you may see two different answers: 40% in one, 70% in the other ☔. Neither is necessarily wrong. They may be answering slightly different questions.",
    ),
    h2("What the number means"),
    p(
      "In most national weather services, a \"probability of precipitation\" is the chance that at least a small, measurable amount of rain, usually ",
      b("0.1 mm or more"),
      ", falls at a given point during a given period, often one or three hours. It says nothing about how heavy the rain will be or how long it will last.",
    ),
    p(
      "So a 40% chance means that, on days with conditions like today's, it rained at your location about four times out of ten. It does ",
      i("not"),
      " mean it will rain for 40% of the day, or over 40% of the city.",
    ),
    h2("Why apps disagree"),
    p("There are several reasons two forecasts for the same street can differ:"),
    ol(
      ["They use different models. Some apps take a national service's output; others blend several global models."],
      ["They use different time windows. A 70% chance over a whole afternoon and a 30% chance for a single hour can both be correct."],
      ["They use different thresholds. An app that counts drizzle as rain will show higher numbers than one that waits for a downpour."],
      ["They round differently. Some apps show anything ", b("< 10%"), " as 0%, which can make a small risk disappear."],
    ),
    h3("A quick test you can run"),
    p(
      "The Courier data desk compared hourly forecasts from three popular apps with rain-gauge readings in Manchester for six weeks. When the apps said 40%, it rained 37% of the time. When they said 90%, it rained 84% of the time. Overall, all three were reasonably well calibrated, but the apps disagreed with each other on more than a quarter of the hours we checked.",
    ),
    p(
      "\"People say the forecast was wrong when it rained at 30%,\" said meteorologist Priya Raghunathan-Cole. \"But if it never rained at 30%, that would be the real error. It means the number was too high.\"",
    ),
    h2("How to use it"),
    p(
      "For everyday decisions, the most useful habit is to choose one app and learn how it behaves, rather than switching between several. If a plan is sensitive to rain, look at the hourly numbers, not the daily summary, and check the expected amount as well as the chance.",
    ),
    p(
      "And if you want to check the work yourself, our comparison data is on ",
      a("the Courier data portal", "https://data.example.org/courier/rain-forecasts"),
      ".",
    ),
  ),
  image: img(
    "what-40-percent-chance-of-rain-really-means",
    "classic",
    "Two phones side by side showing different rain forecasts for the same afternoon",
    "Illustrative purposes: Two weather apps show different forecasts during a rain shower in Manchester on November 6, 2026",
    "Kasia Wrenfield/The Copydesk Courier via Northlight Images",
    [72, 110, 150],
    [240, 240, 244],
  ),
  audio: null,
  related: [{ article_id: A(6) }],
  published_at: "2026-11-11T12:20:00Z",
  comments_enabled: true,
  language: "en",
};

// 08 ---------------------------------------------------------------------------
const a08: DemoArticle = {
  id: A(8),
  slug: "lisbon-bookshop-opens-only-after-midnight",
  headline: "In Lisbon, a bookshop that opens only after midnight",
  dek: "Livraria Noctívaga serves night-shift nurses, insomniacs and bar staff, and its owner says the hours are the whole point.",
  summary:
    "A tiny bookshop in Lisbon's Alfama keeps its doors shut all day and opens from midnight to 5 a.m. for a loyal crowd of night workers.",
  section: "culture",
  tags: ["Books", "Cities", "Europe"],
  bylines: [
    { contributor: "rafael-quintanar", role: null },
    { contributor: "kasia-wrenfield", role: "Photographs by" },
  ],
  body: doc(
    p(
      "At five minutes to midnight, the shutter of a narrow shop on a staircase street in Alfama rises halfway and a hand-painted sign is propped against the wall: ",
      i("Aberto"),
      ". Open. By ten past, there are four people inside, and one cat.",
    ),
    p(
      "Livraria Noctívaga, which means something like ‘the night-wandering bookshop’, opens from midnight to 5 a.m., five nights a week. Its owner, Inês Carvalhal, a former hospital pharmacist, says she got the idea while working night shifts and finding nowhere to go after them but bars.",
    ),
    p(
      "“Night workers are treated like ghosts,” she said, arranging a stack of second-hand paperbacks. “The city is built for people who sleep at night. I wanted one place that was built for us.”",
    ),
    p(
      "The shop is about the size of a hotel bathroom. It sells mostly used books in Portuguese, English and French, plus a shelf of new poetry from small presses. There is a kettle, a sign asking customers to whisper, and a notebook where regulars leave recommendations for one another.",
    ),
    p(
      "Among the regulars is Tiago Monforte, a baker who starts work at 3 a.m. and stops by on his way in. “I read ten pages here every night, standing up,” he said. “I’ve finished eleven novels this way. My wife thinks I’m having an affair with a bookshop.”",
    ),
    p(
      "Carvalhal does not pretend the business is easy. Rent in Alfama has risen sharply as apartments have turned into short-term lets, and she says the shop only breaks even because she lives upstairs and pays herself very little. A crowdfunding campaign last year covered a new roof.",
    ),
    quote("“Nobody comes to a bookshop at 2 a.m. by accident. Everyone here chose to be here, and you can feel it.” — Inês Carvalhal"),
    p(
      "Neighbours were sceptical at first, worried about noise. Now, Carvalhal says, the elderly woman across the steps sometimes leaves a plate of pastéis at the door for the cat, and asks for large-print mysteries in return.",
    ),
    p(
      "At 5 a.m. the shutter comes down again. Carvalhal counts the till, feeds the cat and, she says, reads for an hour before bed, like everyone else.",
    ),
  ),
  image: img(
    "lisbon-bookshop-opens-only-after-midnight",
    "classic",
    "A narrow bookshop glowing with warm light on a dark, steep cobbled street, a cat sitting in the doorway",
    "Illustrative purposes: Customers browse during late opening hours in Lisbon on September 30, 2026",
    "Kasia Wrenfield/The Copydesk Courier via Northlight Images",
    [28, 26, 44],
    [255, 190, 92],
  ),
  audio: audioFor("lisbon-bookshop-opens-only-after-midnight"),
  related: [{ article_id: A(3) }, { article_id: A(9) }],
  published_at: "2026-10-03T18:00:00Z",
  comments_enabled: true,
  language: "en",
};

// 09 ---------------------------------------------------------------------------
const a09: DemoArticle = {
  id: A(9),
  slug: "review-the-salt-orchestra",
  headline: "Review: 'The Salt Orchestra' turns a fishing harbour into a stage",
  dek: "A site-specific piece in a working Scottish harbour mixes trawler horns, a community choir and one unforgettable monologue.",
  summary:
    "Stonehaven's harbour becomes a theatre for 'The Salt Orchestra', a site-specific show that is uneven in places but ends with a scene you will not forget.",
  section: "culture",
  tags: ["Theatre", "Review", "Europe"],
  bylines: [{ contributor: "rafael-quintanar", role: null }],
  body: doc(
    p(b("The Salt Orchestra"), br, "Stonehaven Harbour, until November 8", br, "Rating: ★★★★☆"),
    p(
      "About forty minutes into ",
      i("The Salt Orchestra"),
      ", a trawler named the ",
      i("Morning Ling"),
      " sounds its horn from the far side of the harbour, and two hundred people on folding chairs turn around at once. It is the kind of moment that only works outdoors, at dusk, with the smell of diesel and seaweed, and the show is full of them.",
    ),
    p(
      "Devised by the small company Tidewrack with residents of the town, the piece follows a single day in the life of a fishing family over three generations. The audience moves between five spots along the quay, guided by stewards in yellow oilskins.",
    ),
    p(
      "The first half is uneven. A scene in the fish market drags, and the recorded voices are sometimes lost in the wind. But the community choir, thirty singers aged from nine to eighty-three, is wonderful, especially in a slow, unaccompanied song about mending nets that silences even the gulls.",
    ),
    hr,
    p(
      "The evening belongs to Moira Lennox, a retired net-maker who has never acted before. In the final scene she stands alone at the end of the pier and tells, in her own words, the story of the night her brother's boat did not come home. She speaks for less than five minutes. Nobody moves.",
    ),
    p(
      "Director Callum Strachan said afterwards that the monologue was never scripted. \"We asked Moira what the harbour meant to her, and that's what she said,\" he told me. \"We just gave her a place to stand.\"",
    ),
    p(
      "Some of the staging is rough, and latecomers will struggle to see the early scenes. Dress for rain; there is no cover. But ",
      i("The Salt Orchestra"),
      " is a reminder of what theatre can be when it is made with a place, not simply set in one. It deserves a longer run, and a bigger harbour.",
    ),
  ),
  image: null,
  audio: null,
  related: [{ article_id: A(8) }],
  published_at: "2026-10-26T20:15:00Z",
  comments_enabled: true,
  language: "en",
};

// 10 ---------------------------------------------------------------------------
const a10: DemoArticle = {
  id: A(10),
  slug: "opinion-every-newsroom-should-publish-its-corrections-log",
  headline: "Opinion: Every newsroom should publish its corrections log",
  dek: "Admitting mistakes in public doesn't weaken trust in journalism. Hiding them does.",
  summary:
    "Our opinion editor argues that a public, searchable record of every correction is the cheapest trust-building tool a newsroom has.",
  section: "opinion",
  tags: ["Media", "Trust"],
  bylines: [{ contributor: "august-lemaire", role: null }],
  body: doc(
    p(
      "Last month the Courier got a date wrong. A story about a court ruling said it was handed down on a Tuesday; it was a Wednesday. A reader noticed within the hour, we fixed it, and we added a line at the bottom of the article saying so. Then we did something newsrooms rarely do: we added it to a ",
      a("public corrections log", "https://courier.example.org/corrections"),
      ".",
    ),
    p(
      "That log now has 214 entries going back three years. Most are small: misspelled names, a wrong job title, a figure in millions that should have been billions. A handful are serious. All of them are there, with the date, the original error and what we changed.",
    ),
    p("I want to argue that every newsroom should do the same, and that it is far less frightening than editors think."),
    h2("The objections, briefly"),
    ul(
      [b("\"It will make us look sloppy.\""), " Readers already know journalists make mistakes. What they don't know is whether you fix them."],
      [b("\"Competitors will use it against us.\""), " Perhaps. But a newsroom with a visible log and one without are not making the same number of errors; one is simply showing its work."],
      [b("\"It's extra work.\""), " A corrections log is a list. If your content system can't produce a list, that is a different problem."],
    ),
    p(
      "Research on trust in news consistently finds that transparency about process matters to readers, sometimes more than perceived bias. A correction is the most concrete proof of process a newsroom can offer: it shows that someone checked, someone cared, and someone was willing to say ",
      i("we were wrong"),
      " in public.",
    ),
    p(
      "There is also a quieter benefit. When every correction is logged, patterns emerge. We learned that a third of our errors were in names, which led us to add a name-check step for every story with more than five people in it. Errors in names dropped by half within a year 👍.",
    ),
    p(
      "None of this requires new technology. It requires a decision, made by an editor, that being right eventually is more important than appearing right all along. Make that decision, and publish the list.",
    ),
    p(
      i("August Lemaire is the Courier's opinion editor. Responses can be sent to "),
      a("letters@courier.example.org", "https://courier.example.org/letters"),
      i("."),
    ),
  ),
  image: null,
  audio: null,
  related: [
    {
      url: "https://journalism-trust.example.org/studies/corrections-and-credibility",
      title: "Corrections and credibility: what readers actually think",
      summary: "A survey of 4,000 news readers on how visible corrections affect trust in a publication.",
      source: "Journalism Trust Lab (example.org)",
    },
    {
      url: "https://newsroom-handbook.example.com/chapters/corrections",
      title: "The newsroom handbook: handling corrections",
      summary: "A practical chapter on wording, placement and logging of corrections and clarifications.",
      source: "Newsroom Handbook (example.com)",
    },
  ],
  published_at: "2026-11-23T16:45:00Z",
  comments_enabled: true,
  language: "en",
};

// 11 — draft -------------------------------------------------------------------
const a11: DemoArticle = {
  id: A(11),
  slug: "four-day-week-tallinn-software-firm",
  headline: "What a four-day week did to a Tallinn software firm",
  dek: "A year after switching to four days, a 60-person company shares its numbers: output, sick days and what went wrong.",
  summary:
    "A Tallinn software company tried a four-day week for a year. Productivity held up, sick days fell, and customer support turned out to be the hardest part.",
  section: "business",
  tags: ["Jobs", "Small Business", "Europe"],
  bylines: [
    { contributor: "devin-okafor-lind", role: null },
    { contributor: "petra-voskuijlen", role: "Additional reporting" },
  ],
  body: doc(
    p(
      "When Kaarel Tammsaar told the 60 staff of his Tallinn software firm, Lumevälja, that they would work four days a week for the same pay, half of them assumed it was a joke. A year later, the company has published its internal numbers, and Tammsaar says he will not go back.",
    ),
    p(
      "The firm, which builds booking software for dentists and physiotherapists, moved to a Monday-to-Thursday week in October last year. Meetings were capped at 30 minutes, and internal chat was muted on Fridays, when only a small rota handles urgent customer calls.",
    ),
    h2("The numbers"),
    ul(
      ["Features shipped per quarter: roughly unchanged."],
      ["Sick days per employee: down from 7.1 to 4.3 over the year."],
      ["Staff who left: 3, compared with 11 the year before."],
      ["Customer support response time: up by 20% at first, then back to normal by month five."],
    ),
    p(
      "\"The first three months were messy,\" Tammsaar said. \"We learned that if you cut a day, you have to cut work, not just squeeze five days into four. We stopped two internal projects that, honestly, nobody would miss.\"",
    ),
    p(
      "Not everyone was happy. Support staff, who rotate through Friday shifts, said the arrangement felt less generous for them, and the company added an extra paid day off each month for the rota. One developer said the longer Thursdays were \"brutal\" before the meeting cap was enforced.",
    ),
    p(
      "Labour economists warn against drawing broad conclusions from a single firm. \"Software is the easiest possible case,\" said Triin Kõiv, who studies working time at a university in Tartu. \"Output is hard to measure and the work is flexible. Try it in a hospital and you'll get a different answer.\"",
    ),
    p(
      "Tammsaar agrees, up to a point. \"I'm not saying every company should do this,\" he said. \"I'm saying we did it, here is what happened, and the sky didn't fall.\"",
    ),
    p("[Editor's note: check the sick-day figures against the company's published report before publishing.]"),
  ),
  image: img(
    "four-day-week-tallinn-software-firm",
    "wide",
    "An empty open-plan office on a Friday, chairs pushed in and monitors switched off",
    "Illustrative purposes: The company's office stands empty during a Friday off in Tallinn on November 13, 2026",
    "Kristjan Orav/Baltic Frame via Northlight Images",
    [210, 214, 220],
    [34, 120, 90],
  ),
  audio: null,
  related: [{ article_id: A(5) }],
  published_at: null,
  comments_enabled: false,
  language: "en",
};

// 12 — scheduled for 2027 ------------------------------------------------------
const a12: DemoArticle = {
  id: A(12),
  slug: "eclipse-2027-viewers-guide-cadiz-to-luxor",
  headline: "The August 2027 eclipse: a viewer's guide from Cádiz to Luxor",
  dek: "On August 2, the Moon's shadow will cross southern Spain, North Africa and Egypt. Here is how to watch safely, and where the weather gives you the best odds.",
  summary:
    "Everything you need to watch the total solar eclipse of August 2, 2027: the path, the timings, the weather odds and the safety rules.",
  section: "science",
  tags: ["Space", "Explainer", "Europe", "Research"],
  bylines: [
    { contributor: "sunniva-hartle", role: null },
    { contributor: "courier-news-desk", role: null },
  ],
  body: doc(
    p(
      "On the morning of August 2, 2027, the Moon will pass directly in front of the Sun and turn day into twilight along a narrow strip from the Atlantic coast of Spain to the Red Sea. For millions of people it will be the longest total eclipse they can easily reach for decades.",
    ),
    h2("Where to be"),
    p(
      "The path of totality crosses the southern tip of Spain, including the area around Cádiz, then runs across northern Morocco, Algeria, Tunisia, Libya and Egypt before continuing over the Arabian Peninsula. Totality is longest in Egypt, where observers near Luxor will see the Sun fully covered for more than six minutes.",
    ),
    p(
      "Weather matters as much as geography. August skies over southern Egypt are among the clearest on Earth, which is why many eclipse tour operators have been booked out for years. Southern Spain offers good odds too, though coastal haze can soften the view.",
    ),
    h2("How to watch safely"),
    ol(
      ["Use certified eclipse glasses or a solar filter for every partial phase. Ordinary sunglasses are ", b("not"), " safe."],
      ["Never look at the partial Sun through binoculars or a camera without a proper front-mounted solar filter."],
      ["Only during totality, when the Sun is completely covered, is it safe to look with the naked eye. Put the glasses back on the moment the first bright bead of sunlight returns."],
    ),
    p(
      "\"People plan for years and then spend totality fiddling with their phone,\" said Lucía Arbeloa, an amateur astronomer who has travelled to seven eclipses. \"Take one photo, then put it down and look. You'll remember the sky, not the picture.\"",
    ),
    p(
      "Local authorities in several countries along the path are expecting large crowds and traffic. If you are travelling, arrive a day early, bring water and shade, and have a plan B site within driving distance in case clouds move in.",
    ),
    p(
      "We will publish live coverage and timings for major cities on the day. Until then, ",
      a("the Courier's eclipse page", "https://courier.example.org/eclipse-2027"),
      " has maps and a countdown.",
    ),
  ),
  image: img(
    "eclipse-2027-viewers-guide-cadiz-to-luxor",
    "wide",
    "A total solar eclipse: a black disc surrounded by a white, wispy corona against a dark blue sky",
    "Illustrative purposes: The solar corona during a total eclipse in Salloum on March 29, 2006",
    "Omar Farid/Nile Sky Images via Northlight Images",
    [12, 16, 40],
    [250, 250, 235],
  ),
  audio: audioFor("eclipse-2027-viewers-guide-cadiz-to-luxor"),
  related: [
    { article_id: A(7) },
    {
      url: "https://eclipse-maps.example.org/2027-08-02",
      title: "Interactive map: the path of the 2 August 2027 eclipse",
      summary: "Zoomable map with local start times and duration of totality.",
      source: "Eclipse Maps (example.org)",
    },
  ],
  published_at: null,
  scheduled_at: "2027-07-30T06:00:00Z",
  comments_enabled: true,
  language: "en",
};

export const articles: DemoArticle[] = [a01, a02, a03, a04, a05, a06, a07, a08, a09, a10, a11, a12];

// ---------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------

export const collections: DemoCollection[] = [
  {
    slug: "editors-picks",
    name: "Editors' Picks",
    description: "Stories our editors think you shouldn't miss, in the order they'd read them.",
    article_ids: [A(6), A(1), A(8), A(2)],
  },
  {
    slug: "winter-energy",
    name: "Winter & energy",
    description: "How homes, firms and grids are getting through the cold months.",
    article_ids: [A(2), A(4), A(1), A(5)],
  },
  {
    slug: "weekend-reads",
    name: "Weekend reads",
    description: "Longer, slower stories for a quiet morning.",
    article_ids: [A(8), A(3), A(9), A(10)],
  },
];
