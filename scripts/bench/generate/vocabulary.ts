// Word lists for synthetic news copy. Hand-written, newsroom-flavoured and large enough that
// full-text search sees both very common terms and rare ones, as it would on real archives.

export const NOUNS = [
  "council", "budget", "plan", "school", "hospital", "bridge", "election", "vote", "court", "judge",
  "minister", "mayor", "union", "strike", "contract", "tax", "rate", "price", "market", "bank",
  "company", "factory", "port", "railway", "station", "airport", "road", "river", "flood", "storm",
  "fire", "drought", "harvest", "farm", "village", "district", "city", "region", "border", "army",
  "ceasefire", "treaty", "summit", "report", "study", "survey", "inquiry", "audit", "scandal", "leak",
  "policy", "law", "bill", "reform", "proposal", "deal", "merger", "lawsuit", "verdict", "appeal",
  "police", "officer", "witness", "suspect", "victim", "family", "resident", "tenant", "landlord", "teacher",
  "student", "nurse", "doctor", "patient", "worker", "driver", "farmer", "fisher", "engineer", "scientist",
  "museum", "library", "theatre", "festival", "concert", "exhibition", "stadium", "club", "coach", "team",
  "season", "match", "final", "record", "injury", "transfer", "league", "title", "trophy", "medal",
  "energy", "pipeline", "grid", "outage", "turbine", "reactor", "emissions", "carbon", "forest", "coast",
  "housing", "rent", "mortgage", "wage", "pension", "benefit", "subsidy", "grant", "fund", "loan",
  "vaccine", "virus", "outbreak", "clinic", "ambulance", "shortage", "waiting", "ward", "trial", "drug",
  "platform", "app", "network", "satellite", "chip", "startup", "algorithm", "data", "privacy", "breach",
  "archive", "document", "letter", "memo", "statement", "interview", "speech", "protest", "petition", "campaign",
];

export const VERBS = [
  "approved", "rejected", "delayed", "announced", "confirmed", "denied", "criticised", "defended", "launched", "cancelled",
  "raised", "cut", "froze", "doubled", "halved", "extended", "blocked", "backed", "opposed", "reviewed",
  "investigated", "questioned", "warned", "promised", "signed", "negotiated", "settled", "challenged", "overturned", "upheld",
  "closed", "reopened", "expanded", "rebuilt", "restored", "evacuated", "flooded", "damaged", "funded", "audited",
  "published", "released", "leaked", "revealed", "disclosed", "reported", "recorded", "measured", "tested", "tracked",
];

export const ADJECTIVES = [
  "new", "former", "local", "regional", "national", "public", "private", "emergency", "annual", "final",
  "early", "late", "record", "sharp", "gradual", "unexpected", "controversial", "long-awaited", "temporary", "permanent",
  "independent", "official", "leaked", "draft", "revised", "joint", "rival", "senior", "junior", "acting",
  "coastal", "rural", "urban", "northern", "southern", "eastern", "western", "central", "historic", "modern",
];

export const PLACES = [
  "Kyiv", "Lviv", "Odesa", "Kharkiv", "Dnipro", "Warsaw", "Krakow", "Vilnius", "Riga", "Tallinn",
  "Berlin", "Hamburg", "Munich", "Vienna", "Prague", "Brno", "Bratislava", "Budapest", "Bucharest", "Sofia",
  "Athens", "Rome", "Milan", "Naples", "Madrid", "Seville", "Lisbon", "Porto", "Paris", "Lyon",
  "Marseille", "Brussels", "Antwerp", "Amsterdam", "Rotterdam", "Copenhagen", "Oslo", "Stockholm", "Helsinki", "Dublin",
  "Cork", "Edinburgh", "Glasgow", "Cardiff", "Manchester", "Leeds", "Bristol", "London", "Nairobi", "Lagos",
  "Accra", "Cairo", "Tunis", "Istanbul", "Ankara", "Tbilisi", "Yerevan", "Baku", "Almaty", "Tashkent",
];

export const ORGS = [
  "the city council", "the regional assembly", "the health ministry", "the finance ministry", "the central bank",
  "the electoral commission", "the supreme court", "the transport authority", "the water utility", "the teachers' union",
  "the port authority", "the chamber of commerce", "the environment agency", "the statistics office", "the ombudsman",
  "the anti-corruption bureau", "the national museum", "the football federation", "the energy regulator", "the housing board",
];

export const FIRST_NAMES = [
  "Ilona", "Taras", "Olena", "Mykola", "Iryna", "Andriy", "Sofia", "Dmytro", "Kateryna", "Oleksandr",
  "Anna", "Piotr", "Marta", "Tomasz", "Agnieszka", "Jonas", "Ruta", "Mihai", "Elena", "Nikos",
  "Maria", "Giulia", "Marco", "Lucia", "Javier", "Carmen", "Joao", "Ines", "Claire", "Julien",
  "Amelie", "Lars", "Ingrid", "Mikko", "Aoife", "Ciaran", "Fiona", "Rhys", "Priya", "Omar",
  "Fatima", "Kwame", "Amara", "Chidi", "Leila", "Yusuf", "Nino", "Armen", "Aigerim", "Timur",
];

export const LAST_NAMES = [
  "Marchuk", "Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravets", "Oliynyk", "Melnyk", "Hnatyuk", "Savchuk",
  "Nowak", "Kowalski", "Wisniewska", "Kaminski", "Petrauskas", "Ozols", "Tamm", "Popescu", "Ionescu", "Papadopoulos",
  "Rossi", "Bianchi", "Esposito", "Garcia", "Fernandez", "Silva", "Santos", "Martin", "Bernard", "Dubois",
  "Larsen", "Hansen", "Virtanen", "Murphy", "Kelly", "Byrne", "Davies", "Evans", "Sharma", "Haddad",
  "Mensah", "Okafor", "Adeyemi", "Mansour", "Yilmaz", "Beridze", "Sargsyan", "Aliyev", "Nurlanova", "Karimov",
];

export const JOB_TITLES = [
  "spokesperson", "director", "deputy mayor", "analyst", "economist", "professor", "chief executive", "chair",
  "researcher", "union leader", "prosecutor", "lawyer", "resident", "shop owner", "head teacher", "surgeon",
];

export const STAFF_TITLES = [
  "Reporter", "Senior reporter", "Correspondent", "Investigations editor", "Data reporter", "Photographer",
  "Business editor", "Sports writer", "Culture critic", "Health correspondent", "Political editor", "Video journalist",
];

export const DESKS = [
  "News Desk", "Metro Desk", "Politics Desk", "Business Desk", "Data Desk", "Sports Desk", "Culture Desk",
  "Science Desk", "Health Desk", "World Desk", "Investigations Unit", "Photo Desk", "Climate Desk", "Tech Desk",
  "Opinion Desk", "Live Desk", "Video Desk", "Fact-check Desk", "Weekend Desk", "Night Desk",
];

export const SECTIONS = [
  "World", "Europe", "Ukraine", "Politics", "Business", "Economy", "Technology", "Science", "Health", "Climate",
  "Education", "Culture", "Books", "Film", "Music", "Sport", "Football", "Opinion", "Travel", "Local",
];

export const TOPICS = [
  "Elections", "Energy", "Housing", "Transport", "Inflation", "Public Health", "Climate Change", "Courts", "Corruption",
  "Education", "Agriculture", "Defence", "Migration", "Trade", "Technology", "Artificial Intelligence", "Privacy",
  "Cybersecurity", "Space", "Football", "Athletics", "Tennis", "Cycling", "Theatre", "Cinema", "Literature", "Music",
  "Heritage", "Water", "Floods", "Wildfires", "Tourism", "Labour", "Pensions", "Taxes", "Banking", "Startups",
  "Diplomacy", "Sanctions", "Reconstruction", "Human Rights", "Media", "Religion", "Science Policy", "Research",
];

export const SOURCES = ["Reuters", "AP", "AFP", "BBC", "Kyiv Independent", "Financial Times", "Le Monde", "Der Spiegel", "El País", "Politico Europe"];

export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
export const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export const CONNECTORS = ["Meanwhile,", "However,", "In a statement,", "By contrast,", "Earlier this year,", "Last week,", "According to officials,", "Critics say", "Supporters argue that", "On the ground,"];
