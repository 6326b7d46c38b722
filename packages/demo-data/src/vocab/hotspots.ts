/** Recurrent somatic hotspot variants (GRCh38), by the cancers in which the demo world plants them. */
export interface HotspotSpec {
  gene: string;
  chromosome: string;
  position: number;
  ref: string;
  alt: string;
  proteinChange: string;
  consequence: string;
}

export const HOTSPOTS = {
  'TP53 R175H': {
    gene: 'TP53',
    chromosome: '17',
    position: 7675088,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.R175H',
    consequence: 'missense_variant',
  },
  'TP53 R248Q': {
    gene: 'TP53',
    chromosome: '17',
    position: 7674220,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.R248Q',
    consequence: 'missense_variant',
  },
  'TP53 R273H': {
    gene: 'TP53',
    chromosome: '17',
    position: 7673802,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.R273H',
    consequence: 'missense_variant',
  },
  'KRAS G12D': {
    gene: 'KRAS',
    chromosome: '12',
    position: 25245350,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.G12D',
    consequence: 'missense_variant',
  },
  'KRAS G12V': {
    gene: 'KRAS',
    chromosome: '12',
    position: 25245350,
    ref: 'C',
    alt: 'A',
    proteinChange: 'p.G12V',
    consequence: 'missense_variant',
  },
  'KRAS G13D': {
    gene: 'KRAS',
    chromosome: '12',
    position: 25245347,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.G13D',
    consequence: 'missense_variant',
  },
  'PIK3CA E545K': {
    gene: 'PIK3CA',
    chromosome: '3',
    position: 179218303,
    ref: 'G',
    alt: 'A',
    proteinChange: 'p.E545K',
    consequence: 'missense_variant',
  },
  'PIK3CA H1047R': {
    gene: 'PIK3CA',
    chromosome: '3',
    position: 179234297,
    ref: 'A',
    alt: 'G',
    proteinChange: 'p.H1047R',
    consequence: 'missense_variant',
  },
  'BRAF V600E': {
    gene: 'BRAF',
    chromosome: '7',
    position: 140753336,
    ref: 'A',
    alt: 'T',
    proteinChange: 'p.V600E',
    consequence: 'missense_variant',
  },
  'EGFR L858R': {
    gene: 'EGFR',
    chromosome: '7',
    position: 55191822,
    ref: 'T',
    alt: 'G',
    proteinChange: 'p.L858R',
    consequence: 'missense_variant',
  },
  'IDH1 R132H': {
    gene: 'IDH1',
    chromosome: '2',
    position: 208248388,
    ref: 'C',
    alt: 'T',
    proteinChange: 'p.R132H',
    consequence: 'missense_variant',
  },
  'JAK2 V617F': {
    gene: 'JAK2',
    chromosome: '9',
    position: 5073770,
    ref: 'G',
    alt: 'T',
    proteinChange: 'p.V617F',
    consequence: 'missense_variant',
  },
} as const satisfies Record<string, HotspotSpec>;

export type HotspotKey = keyof typeof HOTSPOTS;

/** Per cancer: hotspot groups, each with the chance a tumour carries one of its variants. */
export const DRIVERS_BY_CANCER: Record<
  string,
  readonly { variants: readonly HotspotKey[]; probability: number }[]
> = {
  'C50.9': [
    { variants: ['PIK3CA H1047R', 'PIK3CA E545K'], probability: 0.35 },
    { variants: ['TP53 R175H', 'TP53 R273H'], probability: 0.3 },
  ],
  'C34.9': [
    { variants: ['KRAS G12V', 'KRAS G12D'], probability: 0.25 },
    { variants: ['EGFR L858R'], probability: 0.15 },
    { variants: ['TP53 R175H', 'TP53 R248Q', 'TP53 R273H'], probability: 0.45 },
  ],
  'C18.9': [
    { variants: ['KRAS G12D', 'KRAS G13D'], probability: 0.4 },
    { variants: ['BRAF V600E'], probability: 0.1 },
    { variants: ['TP53 R175H', 'TP53 R248Q', 'TP53 R273H'], probability: 0.5 },
  ],
  C61: [{ variants: ['TP53 R273H'], probability: 0.1 }],
  'C25.9': [
    { variants: ['KRAS G12D', 'KRAS G12V'], probability: 0.9 },
    { variants: ['TP53 R175H', 'TP53 R273H'], probability: 0.6 },
  ],
};

/** GRCh38 chromosome lengths, for passenger variants placed anywhere on a gene's chromosome. */
export const CHROMOSOME_LENGTHS: Record<string, number> = {
  '1': 248956422,
  '2': 242193529,
  '3': 198295559,
  '4': 190214555,
  '5': 181538259,
  '6': 170805979,
  '7': 159345973,
  '8': 145138636,
  '9': 138394717,
  '10': 133797422,
  '11': 135086622,
  '12': 133275309,
  '13': 114364328,
  '14': 107043718,
  '15': 101991189,
  '16': 90338345,
  '17': 83257441,
  '18': 80373285,
  '19': 58617616,
  '20': 64444167,
  '21': 46709983,
  '22': 50818468,
  X: 156040895,
  Y: 57227415,
};
