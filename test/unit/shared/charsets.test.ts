/**
 * Every charset label of the WHATWG Encoding standard (and the aliases mailers write that it
 * lacks) decodes, one case per label, to the characters its code chart gives. Node 20's own
 * TextDecoder fails two of these encodings: windows-1252 (as Latin-1) and iso-8859-16 (absent).
 */
import { describe, expect, it } from 'vitest';
import { charsetDecoder, decodeCharset } from '../../../src/shared/mime/charsets.js';
import { decodeEncodedWords } from '../../../src/shared/mime/encoded-words.js';

/** encoding → [labels, sample bytes, what they decode to] */
const TABLE: Record<string, [labels: string[], bytes: number[], text: string]> = {
  'utf-8': [
    ['unicode-1-1-utf-8', 'unicode11utf8', 'unicode20utf8', 'utf-8', 'utf8', 'x-unicode20utf8'],
    [0xe2, 0x80, 0x9c],
    '“',
  ],
  ibm866: [['866', 'cp866', 'csibm866', 'ibm866'], [0x80], 'А'],
  'iso-8859-2': [
    [
      'csisolatin2',
      'iso-8859-2',
      'iso-ir-101',
      'iso8859-2',
      'iso88592',
      'iso_8859-2',
      'iso_8859-2:1987',
      'l2',
      'latin2',
    ],
    [0xa3, 0xf3, 0x64, 0xbc],
    'Łódź',
  ],
  'iso-8859-3': [
    [
      'csisolatin3',
      'iso-8859-3',
      'iso-ir-109',
      'iso8859-3',
      'iso88593',
      'iso_8859-3',
      'iso_8859-3:1988',
      'l3',
      'latin3',
    ],
    [0xa1],
    'Ħ',
  ],
  'iso-8859-4': [
    [
      'csisolatin4',
      'iso-8859-4',
      'iso-ir-110',
      'iso8859-4',
      'iso88594',
      'iso_8859-4',
      'iso_8859-4:1988',
      'l4',
      'latin4',
    ],
    [0xa1],
    'Ą',
  ],
  'iso-8859-5': [
    [
      'csisolatincyrillic',
      'cyrillic',
      'iso-8859-5',
      'iso-ir-144',
      'iso8859-5',
      'iso88595',
      'iso_8859-5',
      'iso_8859-5:1988',
    ],
    [0xb0],
    'А',
  ],
  'iso-8859-6': [
    [
      'arabic',
      'asmo-708',
      'csiso88596e',
      'csiso88596i',
      'csisolatinarabic',
      'ecma-114',
      'iso-8859-6',
      'iso-8859-6-e',
      'iso-8859-6-i',
      'iso-ir-127',
      'iso8859-6',
      'iso88596',
      'iso_8859-6',
      'iso_8859-6:1987',
    ],
    [0xc7],
    'ا',
  ],
  'iso-8859-7': [
    [
      'csisolatingreek',
      'ecma-118',
      'elot_928',
      'greek',
      'greek8',
      'iso-8859-7',
      'iso-ir-126',
      'iso8859-7',
      'iso88597',
      'iso_8859-7',
      'iso_8859-7:1987',
      'sun_eu_greek',
    ],
    [0xe1],
    'α',
  ],
  'iso-8859-8': [
    [
      'csiso88598e',
      'csisolatinhebrew',
      'hebrew',
      'iso-8859-8',
      'iso-8859-8-e',
      'iso-ir-138',
      'iso8859-8',
      'iso88598',
      'iso_8859-8',
      'iso_8859-8:1988',
      'visual',
    ],
    [0xe0],
    'א',
  ],
  'iso-8859-8-i': [['csiso88598i', 'iso-8859-8-i', 'logical'], [0xe0], 'א'],
  'iso-8859-10': [
    ['csisolatin6', 'iso-8859-10', 'iso-ir-157', 'iso8859-10', 'iso885910', 'l6', 'latin6'],
    [0xa1],
    'Ą',
  ],
  'iso-8859-13': [['iso-8859-13', 'iso8859-13', 'iso885913'], [0xe0], 'ą'],
  'iso-8859-14': [['iso-8859-14', 'iso8859-14', 'iso885914'], [0xa1], 'Ḃ'],
  'iso-8859-15': [
    ['csisolatin9', 'iso-8859-15', 'iso8859-15', 'iso885915', 'iso_8859-15', 'l9'],
    [0xa4],
    '€',
  ],
  'iso-8859-16': [
    ['iso-8859-16', 'iso_8859-16', 'latin10', 'l10'],
    [0xaa, 0xba, 0xde, 0xfe, 0xa4],
    'ȘșȚț€',
  ],
  'koi8-r': [['cskoi8r', 'koi', 'koi8', 'koi8-r', 'koi8_r'], [0xf0, 0xd2, 0xc9], 'При'],
  'koi8-u': [['koi8-ru', 'koi8-u'], [0xa4], 'є'],
  macintosh: [['csmacintosh', 'mac', 'macintosh', 'x-mac-roman'], [0x80], 'Ä'],
  'windows-874': [
    ['dos-874', 'iso-8859-11', 'iso8859-11', 'iso885911', 'tis-620', 'windows-874'],
    [0xa1],
    'ก',
  ],
  'windows-1250': [['cp1250', 'windows-1250', 'x-cp1250', 'cp-1250'], [0x8a, 0x9a], 'Šš'],
  'windows-1251': [['cp1251', 'windows-1251', 'x-cp1251', 'cp-1251'], [0xcf, 0xf0], 'Пр'],
  'windows-1252': [
    [
      'ansi_x3.4-1968',
      'ascii',
      'cp1252',
      'cp819',
      'csisolatin1',
      'ibm819',
      'iso-8859-1',
      'iso-ir-100',
      'iso8859-1',
      'iso88591',
      'iso_8859-1',
      'iso_8859-1:1987',
      'l1',
      'latin1',
      'us-ascii',
      'windows-1252',
      'x-cp1252',
      'unknown-8bit',
      'cp-1252',
    ],
    [0x93, 0x73, 0x94, 0x80, 0x85, 0x8a, 0xe9, 0xff],
    '“s”€…Šéÿ',
  ],
  'windows-1253': [['cp1253', 'windows-1253', 'x-cp1253'], [0xe1], 'α'],
  'windows-1254': [
    [
      'cp1254',
      'csisolatin5',
      'iso-8859-9',
      'iso-ir-148',
      'iso8859-9',
      'iso88599',
      'iso_8859-9',
      'iso_8859-9:1989',
      'l5',
      'latin5',
      'windows-1254',
      'x-cp1254',
    ],
    [0xf0],
    'ğ',
  ],
  'windows-1255': [['cp1255', 'windows-1255', 'x-cp1255'], [0xe0], 'א'],
  'windows-1256': [['cp1256', 'windows-1256', 'x-cp1256'], [0xc7], 'ا'],
  'windows-1257': [['cp1257', 'windows-1257', 'x-cp1257'], [0xe0], 'ą'],
  'windows-1258': [['cp1258', 'windows-1258', 'x-cp1258'], [0xc3], 'Ă'],
  'x-mac-cyrillic': [['x-mac-cyrillic', 'x-mac-ukrainian'], [0x80], 'А'],
  gbk: [
    [
      'chinese',
      'csgb2312',
      'csiso58gb231280',
      'gb2312',
      'gb_2312',
      'gb_2312-80',
      'gbk',
      'iso-ir-58',
      'x-gbk',
      'cp936',
    ],
    [0xc4, 0xe3, 0xba, 0xc3],
    '你好',
  ],
  gb18030: [['gb18030'], [0xc4, 0xe3, 0x81, 0x30, 0x81, 0x30], '你\u0080'],
  big5: [['big5', 'big5-hkscs', 'cn-big5', 'csbig5', 'x-x-big5', 'cp950'], [0xa7, 0x41], '你'],
  'euc-jp': [['cseucpkdfmtjapanese', 'euc-jp', 'x-euc-jp'], [0xa4, 0xa2], 'あ'],
  'iso-2022-jp': [
    ['csiso2022jp', 'iso-2022-jp'],
    [0x1b, 0x24, 0x42, 0x24, 0x22, 0x1b, 0x28, 0x42],
    'あ',
  ],
  shift_jis: [
    [
      'csshiftjis',
      'ms932',
      'ms_kanji',
      'shift-jis',
      'shift_jis',
      'sjis',
      'windows-31j',
      'x-sjis',
      'cp932',
    ],
    [0x82, 0xa0],
    'あ',
  ],
  'euc-kr': [
    [
      'cseuckr',
      'csksc56011987',
      'euc-kr',
      'iso-ir-149',
      'korean',
      'ks_c_5601-1987',
      'ks_c_5601-1989',
      'ksc5601',
      'ksc_5601',
      'windows-949',
      'cp949',
    ],
    [0xb0, 0xa1],
    '가',
  ],
  'utf-16be': [['unicodefffe', 'utf-16be'], [0x00, 0x41, 0x04, 0x10], 'AА'],
  'utf-16le': [
    ['csunicode', 'iso-10646-ucs-2', 'ucs-2', 'unicode', 'unicodefeff', 'utf-16', 'utf-16le'],
    [0x41, 0x00, 0x10, 0x04],
    'AА',
  ],
};

const cases = Object.entries(TABLE).flatMap(([encoding, [labels, bytes, text]]) =>
  labels.map((label) => ({ label, encoding, bytes, text })),
);

describe('charset labels (WHATWG Encoding standard + mailer aliases)', () => {
  it.each(cases)('$label → $encoding', ({ label, bytes, text }) => {
    expect(decodeCharset(new Uint8Array(bytes), label)).toBe(text);
    // Labels are case-insensitive and may carry an RFC 2231 language suffix.
    expect(decodeCharset(new Uint8Array(bytes), `${label.toUpperCase()}*en`)).toBe(text);
  });

  it('an unknown label is undefined (the encoded-word is then kept raw)', () => {
    expect(charsetDecoder('x-no-such-charset')).toBeUndefined();
    expect(decodeEncodedWords('=?x-no-such-charset?Q?abc?=')).toBe('=?x-no-such-charset?Q?abc?=');
  });

  it('encoded-words use it: windows-1252 keeps its quotes', () => {
    expect(decodeEncodedWords('=?windows-1252?Q?=93smart=94?=')).toBe('“smart”');
    expect(decodeEncodedWords('=?iso-8859-16?B?qro=?=')).toBe('Șș');
  });
});
