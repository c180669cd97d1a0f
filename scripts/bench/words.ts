/** Vocabulary for the benchmark's generated news pages and claim lists (shared on purpose: real claims use news words). */

const words = (s: string): readonly string[] => s.trim().split(/\s+/);

/** Function words, weighted towards the front by the generator (Zipf-like). */
export const FUNCTION_WORDS = words(`
the of and to a in that is for on it with as was he be by at this have from or had not but are his they
which an were she been has their more one will would there all we can her its who also if than when them about
into some could two after only other new over what most time first then these may like such just any year years
`);

export const NOUNS = words(`
government minister ministry president senator governor mayor council parliament court judge lawyer police report
officials agency regulator committee election vote voters campaign party policy budget tax taxes economy market
markets prices inflation bank banks investors shares stock company companies firm startup industry workers union
strike factory plant energy oil gas power grid climate weather storm flood drought fire wildfire heat water river
city town village region country border state states province capital coast island port airport train rail road
bridge highway traffic school schools students teachers university research scientists study data survey results
health hospital doctors patients vaccine vaccines virus disease outbreak medicine drug drugs trial treatment cancer
technology software app apps phone phones device devices network internet platform users accounts privacy security
hackers attack data breach cloud chips semiconductor robot robots artificial intelligence model models algorithm
team teams game games season league match player players coach fans stadium final record goal victory defeat
film music festival artist album concert museum book author show series television radio newspaper magazine
family children parents women men people residents community neighbours friends history war peace army soldiers
military troops defence treaty talks summit leaders diplomats embassy sanctions trade exports imports tariffs deal
deals agreement contract lawsuit investigation charges trial verdict sentence prison crime crimes fraud scandal
statement interview spokesperson spokeswoman spokesman announcement decision plan plans proposal bill law laws
rules rule ban restrictions permit licence approval funding investment investments billion million percent
week month months day days morning evening night spring summer autumn winter century decade future past
food farmers crops harvest coffee wheat rice prices shops restaurants tourism tourists hotels travel flights airline
housing rent homes buildings construction project projects infrastructure transport buses cars electric vehicles
`);

export const VERBS = words(`
said says announced reported confirmed denied warned claimed argued agreed rejected approved blocked banned launched
released published introduced proposed planned promised expected increased decreased rose fell dropped gained lost
won beat signed ordered opened closed built raised cut hired fired paid sold bought invested funded backed supported
opposed criticised praised questioned investigated arrested charged sued fined cleared tested developed found showed
suggested revealed shared posted deleted removed restricted suspended resumed delayed cancelled extended reached
faced joined left returned visited met discussed debated reviewed examined measured estimated predicted recorded
`);

export const ADJECTIVES = words(`
new old large small major minor local national international global public private political economic social
digital financial legal official early late recent former current final main key top high low strong weak
rapid slow rising falling record historic controversial popular unpopular critical serious significant
independent federal regional foreign domestic annual quarterly daily weekly free open closed secret hidden
`);

export const PLACES = words(`
Italy Texas Taiwan India Nepal Canada Brazil Kenya Norway Chile Peru Japan Germany France Spain Portugal Poland
Sweden Finland Denmark Ireland Scotland Wales Mexico Argentina Colombia Egypt Nigeria Ghana Morocco Turkey Greece
Austria Belgium Netherlands Switzerland Australia Indonesia Malaysia Vietnam Thailand Philippines Korea Pakistan
Bangladesh Ukraine Romania Hungary Croatia Serbia Estonia Latvia Lithuania Iceland Ohio Florida Montana Utah
Oregon Nevada Georgia Virginia Ontario Quebec Bavaria Lombardy Catalonia Kerala Punjab Sichuan Hokkaido Queensland
`);

export const FIRST_NAMES = words(`
Mara Jonas Priya Tomas Aiko Felix Lena Omar Sofia Hugo Ines Kenji Nadia Pavel Rosa Samir Tara Viktor Yara Zoe
Andre Bianca Carlos Dana Elias Farah Gustav Hana Ivan Julia Kofi Leila Marco Nina Oscar Paula Rafael Selin Theo
`);

export const LAST_NAMES = words(`
Olsen Varga Mehta Novak Tanaka Brandt Okafor Rossi Haddad Lindqvist Moreau Costa Petrov Silva Kowalski Nakamura
Fischer Dubois Santos Jensen Horvath Aydin Kim Nguyen Garcia Murphy Schmidt Ivanova Bauer Romano Castillo Eriksen
`);

export const ORG_WORDS = words(`
Global United National Pacific Atlantic Northern Southern Eastern Western Central Metro Civic Royal Federal Union
Alliance Group Holdings Partners Institute Foundation Council Systems Networks Industries Media Labs Energy Capital
`);

/** Syllables for brand names of made-up apps. */
export const SYLLABLES = words(`
ka lo mi ze tru vex nor pli qua sen dor fin gal hex jor bry zen ko ra lu mi pix no va sol tri ax on el io um
ta ri ve lo sa ki mo be zu fa ny cor dex lin mar pol rex tav wen yor zal quin brix flo gro
`);

export const APP_SUFFIXES = words(`
Chat Pay Live Video Go Plus Lite Browser VPN Mail Maps Cam Cloud Shop Music Notes Drive Meet Scan Fit
`);

export const CODE_SNIPPETS = [
  'const apps = ["{A}", "{B}"]; // blocked list',
  'if (name === "{A}") { return ban(name); }',
  '$ curl https://api.example.org/apps?q={A}',
  "SELECT * FROM apps WHERE name = '{A}';",
];
