/**
 * Text for the sync benches that compresses like real French prose (~4× with gzip -6, ~3.6×
 * at the server's level 4, measured on 200 lessons): a third of a sentence is function words
 * (le, de, est, pour…), the rest drawn with Zipf's law (s = 1.2) from 500 French-looking words
 * of one to three syllables with accents; sentences, commas and paragraphs. The former bench
 * vocabulary of 40 words gzipped 7.3×, which made every byte on the wire ~1.8× too cheap.
 */
const FUNCTION = ('le la les un une des de du au aux et ou mais donc or ni car que qui quoi dont où ce cet cette ces son sa ses leur leurs il elle ils elles on nous vous je tu se ne pas plus très bien aussi alors puis comme avec sans pour par sur sous dans entre vers chez avant après pendant depuis est sont était étaient a ont avait sera peut doit faut fait font être avoir faire dire voir savoir pouvoir vouloir venir prendre donner tout tous toute toutes même autre autres peu beaucoup encore toujours jamais déjà ici là ainsi enfin').split(' ');
const ONSETS = ['b', 'c', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'ch', 'pr', 'tr', 'gr', 'br', 'cl', 'pl', 'qu', ''];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'é', 'è', 'ou', 'ai', 'au', 'eu', 'on', 'an', 'in', 'ê', 'oi', 'ie'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 't', 'nt', 'x', 'm'];
const SUFFIXES = ['', '', 'tion', 'ment', 'ique', 'eur', 'ance', 'ité', 'able', 'age', 'isme', 'ier', 'ière', 'eux', 'euse', 'er', 'é', 'ée', 'ent'];

function xorshift(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

const vocabulary: string[] = [];
{
  const r = xorshift(42);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  while (vocabulary.length < 500) {
    const syllables = 1 + Math.floor(r() * 3);
    let w = '';
    for (let i = 0; i < syllables; i++) w += pick(ONSETS) + pick(NUCLEI) + (i === syllables - 1 ? pick(CODAS) : '');
    w += pick(SUFFIXES);
    if (w.length > 2) vocabulary.push(w);
  }
}
const cumulative: number[] = [];
{
  let total = 0;
  for (let i = 0; i < vocabulary.length; i++) cumulative.push((total += 1 / Math.pow(i + 1, 1.2)));
}

/** `words` words of prose, the same for the same `seed`. */
export function frenchProse(words: number, seed: number): string {
  const r = xorshift(Math.imul(seed + 1, 2654435761) + 7);
  const total = cumulative[cumulative.length - 1]!;
  const out: string[] = [];
  let capital = true;
  for (let i = 0; i < words; i++) {
    let w: string;
    if (r() < 0.55) w = FUNCTION[Math.floor(r() * r() * FUNCTION.length)]!;
    else {
      const u = r() * total;
      let lo = 0, hi = cumulative.length - 1;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (cumulative[m]! < u) lo = m + 1;
        else hi = m;
      }
      w = vocabulary[lo]!;
    }
    if (capital) {
      w = w[0]!.toUpperCase() + w.slice(1);
      capital = false;
    }
    out.push(w);
    const p = r();
    if (p < 0.06) {
      out.push('.');
      capital = true;
      if (r() < 0.25) out.push('\n\n');
    } else if (p < 0.1) out.push(',');
  }
  const text = out.join(' ').replace(/ ([.,])/g, '$1').replace(/\n\n /g, '\n\n').trimEnd();
  return text.endsWith('.') ? text : `${text}.`;
}
