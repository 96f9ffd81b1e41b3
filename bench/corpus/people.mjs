// Who writes the corpus's mail: languages with their native given and family names (each with
// the ASCII handle its address uses), the charsets their mail arrives in (weights from what a
// mixed European/Asian mailbox carries), and a few subject phrases in each language.
// `people(rand, n)` draws n distinct senders from them.

/** [native, ascii] pairs. */
const pairs = (s) =>
  s.split(' ').map((p) => {
    const [a, b] = p.split('/');
    return [a.replaceAll('_', ' '), b ?? a.toLowerCase()];
  });

export const LANGUAGES = [
  {
    id: 'en',
    weight: 30,
    charsets: [['us-ascii', 1]],
    given: pairs(
      'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Steven Ashley Andrew Emily Kevin Donna Brian Michelle Ryan Amanda Jacob Melissa',
    ),
    family: pairs(
      "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker Evans O'Brien/obrien",
    ),
    subjects: [
      'Quarterly report',
      'Meeting notes',
      'Invoice for October',
      'Build failed on main',
      'Lunch on Friday?',
      'Draft agenda for the offsite',
      'Your order has shipped',
      'Travel plans',
      'Code review request',
      'Budget approval needed',
    ],
  },
  {
    id: 'de',
    weight: 14,
    charsets: [
      ['utf-8', 6],
      ['iso-8859-1', 3],
      ['iso-8859-15', 2],
      ['windows-1252', 2],
    ],
    given: pairs(
      'Jürgen/juergen Björn/bjoern Jörg/joerg Günter/guenter Uwe Klaus Sabine Ursula Käthe/kaethe Jürgen/juergen2 Lukas Sophie Maximilian Anna Felix Lena Jonas Marie Leon Hannah Tobias Lea Sören/soeren Mia',
    ),
    family: pairs(
      'Müller/mueller Schmidt Schneider Fischer Weiß/weiss Meyer Wagner Becker Schäfer/schaefer Koch Bauer Richter Klein Wolf Schröder/schroeder Neumann Schwarz Zimmermann Braun Krüger/krueger Hofmann Hartmann Lange Schmitt Werner Krause Meier Lehmann Köhler/koehler Groß/gross',
    ),
    subjects: [
      'Grüße aus Köln',
      'Besprechung am Donnerstag',
      'Rechnung für März',
      'Änderungen am Entwurf',
      'Urlaubsvertretung',
      'Frage zur Größe der Lieferung',
      'Protokoll der Sitzung',
    ],
  },
  {
    id: 'fr',
    weight: 10,
    charsets: [
      ['utf-8', 5],
      ['iso-8859-1', 3],
      ['iso-8859-15', 1],
      ['windows-1252', 2],
    ],
    given: pairs(
      'Zoë/zoe Renée/renee Hélène/helene François/francois Jérôme/jerome Amélie/amelie Noël/noel Céline/celine Gaël/gael Léa/lea Théo/theo Maëlle/maelle Chloé/chloe Raphaël/raphael Inès/ines Hugo Camille Louis Manon Jules',
    ),
    family: pairs(
      'Dubois Lefèvre/lefevre Moreau Girard Bonnet Dupont Lambert Fontaine Rousseau Vincent Mercier Boyer Garnier Chevalier François/francois Légaré/legare Bérubé/berube Gagné/gagne Côté/cote Pelletier',
    ),
    subjects: [
      'Café crème à Paris',
      'Réunion de lundi',
      'Facture à régler',
      'Compte rendu de la réunion',
      'Prévisions budgétaires',
      'Déjeuner vendredi ?',
    ],
  },
  {
    id: 'es',
    weight: 6,
    charsets: [
      ['utf-8', 4],
      ['iso-8859-1', 2],
      ['windows-1252', 1],
    ],
    given: pairs(
      'José/jose María/maria Jesús/jesus Ángel/angel Begoña/begona Íñigo/inigo Nuria Raúl/raul Sofía/sofia Martín/martin Lucía/lucia Álvaro/alvaro Carmen Pablo',
    ),
    family: pairs(
      'García/garcia Fernández/fernandez González/gonzalez Rodríguez/rodriguez López/lopez Martínez/martinez Sánchez/sanchez Pérez/perez Gómez/gomez Muñoz/munoz Jiménez/jimenez Núñez/nunez Ibáñez/ibanez Peña/pena',
    ),
    subjects: [
      'Niño año señor',
      'Reunión del martes',
      'Presupuesto anual',
      'Información pendiente',
    ],
  },
  {
    id: 'pl',
    weight: 5,
    charsets: [
      ['utf-8', 3],
      ['iso-8859-2', 2],
      ['windows-1250', 1],
    ],
    given: pairs(
      'Łukasz/lukasz Paweł/pawel Wojciech Małgorzata/malgorzata Agnieszka Michał/michal Żaneta/zaneta Grzegorz Bożena/bozena Jędrzej/jedrzej Zoltán/zoltan Lőrinc/lorinc Tomáš/tomas Jiří/jiri',
    ),
    family: pairs(
      'Kowalski Wiśniewski/wisniewski Wójcik/wojcik Kamiński/kaminski Lewandowski Zieliński/zielinski Dąbrowski/dabrowski Król/krol Nagy Szabó/szabo Dvořák/dvorak Novák/novak Černý/cerny',
    ),
    subjects: ['Spotkanie w środę', 'Zażółć gęślą jaźń', 'Faktura za usługi', 'Přehled za měsíc'],
  },
  {
    id: 'ru',
    weight: 7,
    charsets: [
      ['utf-8', 3],
      ['koi8-r', 2],
      ['windows-1251', 3],
    ],
    given: pairs(
      'Александр/aleksandr Дмитрий/dmitry Сергей/sergey Андрей/andrey Ольга/olga Наталья/natalya Елена/elena Татьяна/tatyana Иван/ivan Мария/mariya Алексей/aleksey Анна/anna',
    ),
    family: pairs(
      'Иванов/ivanov Смирнов/smirnov Кузнецов/kuznetsov Попов/popov Соколов/sokolov Лебедев/lebedev Козлов/kozlov Новиков/novikov Морозов/morozov Петров/petrov Волков/volkov Соловьёв/solovyov',
    ),
    subjects: ['Привет из Москвы', 'Отчёт за квартал', 'Совещание в пятницу', 'Счёт на оплату'],
  },
  {
    id: 'el',
    weight: 2,
    charsets: [
      ['utf-8', 1],
      ['iso-8859-7', 1],
    ],
    given: pairs(
      'Γιώργος/giorgos Μαρία/maria Νίκος/nikos Ελένη/eleni Δημήτρης/dimitris Σοφία/sofia',
    ),
    family: pairs(
      'Παπαδόπουλος/papadopoulos Νικολάου/nikolaou Γεωργίου/georgiou Οικονόμου/oikonomou Αθανασίου/athanasiou',
    ),
    subjects: ['Καλημέρα από την Αθήνα', 'Συνάντηση την Τρίτη'],
  },
  {
    id: 'ja',
    weight: 10,
    charsets: [
      ['iso-2022-jp', 5],
      ['utf-8', 4],
    ],
    given: pairs(
      '太郎/taro 花子/hanako 健/ken 由美/yumi 翔太/shota 陽菜/hina 大輔/daisuke 美咲/misaki 拓也/takuya 愛/ai',
    ),
    family: pairs(
      '山田/yamada 田中/tanaka 佐藤/sato 鈴木/suzuki 高橋/takahashi 伊藤/ito 渡辺/watanabe 中村/nakamura 小林/kobayashi 加藤/kato',
    ),
    subjects: [
      'こんにちは世界',
      '会議の議事録',
      '来週の予定について',
      '請求書の送付',
      '資料をお送りします',
    ],
    familyFirst: true,
  },
  {
    id: 'zh',
    weight: 10,
    charsets: [
      ['gb18030', 4],
      ['utf-8', 5],
    ],
    given: pairs(
      '伟/wei 芳/fang 娜/na 敏/min 静/jing 磊/lei 洋/yang 艳/yan 勇/yong 军/jun 杰/jie 娟/juan',
    ),
    family: pairs(
      '王/wang 李/li 张/zhang 刘/liu 陈/chen 杨/yang 黄/huang 赵/zhao 吴/wu 周/zhou 徐/xu 孙/sun',
    ),
    subjects: ['季度报告', '会议纪要', '下周的安排', '发票已寄出', '你好，世界'],
    familyFirst: true,
    noSpace: true,
  },
];

const DOMAINS = (
  'gmail.com outlook.com yahoo.co.jp web.de gmx.net orange.fr free.fr mail.ru yandex.ru qq.com 163.com ' +
  'example.org example.net example.com posteo.de fastmail.com proton.me icloud.com seznam.cz wp.pl ' +
  'naver.com libero.it t-online.de'
).split(' ');

/** Company domains: a few hundred, so senders cluster by host as real mail does. */
function companyDomain(rand, k) {
  const stems =
    'acme globex initech umbrella hooli vandelay wayne stark cyberdyne soylent tyrell wonka oscorp aperture monarch'.split(
      ' ',
    );
  const tlds = 'com de fr co.jp cn ru pl io org net'.split(' ');
  return `${stems[k % stems.length]}${Math.floor(k / stems.length) || ''}.${tlds[Math.floor(rand() * tlds.length)]}`;
}

export function weighted(rand, items) {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = rand() * total;
  for (const [v, w] of items) if ((x -= w) < 0) return v;
  return items[items.length - 1][0];
}

/**
 * `n` distinct senders: { lang, given, family, display, address, charset }. The address is
 * unique per sender (handle + number when a name repeats), so thousands of senders give
 * thousands of addresses and display names.
 */
export function people(rand, n) {
  const langs = LANGUAGES.map((l) => [l, l.weight]);
  const companies = Array.from({ length: 240 }, (_, k) => companyDomain(rand, k));
  const seen = new Set();
  const out = [];
  while (out.length < n) {
    const lang = weighted(rand, langs);
    const [given, givenAscii] = lang.given[Math.floor(rand() * lang.given.length)];
    const [family, familyAscii] = lang.family[Math.floor(rand() * lang.family.length)];
    const domain =
      rand() < 0.45
        ? DOMAINS[Math.floor(rand() * DOMAINS.length)]
        : companies[Math.floor(rand() * companies.length)];
    const style = rand();
    let local =
      style < 0.4
        ? `${givenAscii}.${familyAscii}`
        : style < 0.7
          ? `${givenAscii[0]}${familyAscii}`
          : `${familyAscii}${givenAscii[0]}`;
    local = local.replace(/[^a-z0-9.]/g, '');
    let address = `${local}@${domain}`;
    for (let k = 2; seen.has(address); k++) address = `${local}${k}@${domain}`;
    seen.add(address);
    const display = lang.familyFirst
      ? `${family}${lang.noSpace ? '' : ' '}${given}`
      : `${given} ${family}`;
    out.push({
      lang,
      given,
      family,
      display,
      address,
      charset: weighted(rand, lang.charsets),
      // a sender's client writes its name the same way every time
      nameStyle: rand() < 0.08 ? 'bare' : rand() < 0.1 ? 'comma' : 'plain',
      q: rand() < 0.4,
    });
  }
  return out;
}
