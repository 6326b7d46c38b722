/**
 * ICD-10 (WHO) codes used by the demo world, with how likely each is. Probability grows with age above
 * `fromAge` by `perYear`; `sex` restricts a code to one sex.
 */
export interface DiagnosisSpec {
  code: string;
  display: string;
  chapter: string;
  base: number;
  perYear?: number;
  fromAge?: number;
  sex?: 'female' | 'male';
}

const ENDOCRINE = 'Endocrine, nutritional and metabolic diseases';
const CIRCULATORY = 'Diseases of the circulatory system';
const NEOPLASMS = 'Neoplasms';
const BLOOD =
  'Diseases of the blood and blood-forming organs and certain disorders involving the immune mechanism';
const RESPIRATORY = 'Diseases of the respiratory system';

export const DIAGNOSES: readonly DiagnosisSpec[] = [
  {
    code: 'E11.9',
    display: 'Type 2 diabetes mellitus without complications',
    chapter: ENDOCRINE,
    base: 0.04,
    perYear: 0.0025,
    fromAge: 30,
  },
  {
    code: 'E78.5',
    display: 'Hyperlipidaemia, unspecified',
    chapter: ENDOCRINE,
    base: 0.06,
    perYear: 0.004,
    fromAge: 30,
  },
  { code: 'E66.9', display: 'Obesity, unspecified', chapter: ENDOCRINE, base: 0.14 },
  { code: 'E03.9', display: 'Hypothyroidism, unspecified', chapter: ENDOCRINE, base: 0.03, sex: undefined },
  {
    code: 'I10',
    display: 'Essential (primary) hypertension',
    chapter: CIRCULATORY,
    base: 0.08,
    perYear: 0.006,
    fromAge: 25,
  },
  {
    code: 'I25.1',
    display: 'Atherosclerotic heart disease',
    chapter: CIRCULATORY,
    base: 0.005,
    perYear: 0.002,
    fromAge: 40,
  },
  {
    code: 'I48.9',
    display: 'Atrial fibrillation and atrial flutter, unspecified',
    chapter: CIRCULATORY,
    base: 0.003,
    perYear: 0.0015,
    fromAge: 50,
  },
  { code: 'J45.9', display: 'Asthma, unspecified', chapter: RESPIRATORY, base: 0.07 },
  {
    code: 'J44.9',
    display: 'Chronic obstructive pulmonary disease, unspecified',
    chapter: RESPIRATORY,
    base: 0.01,
    perYear: 0.0012,
    fromAge: 40,
  },
  {
    code: 'F32.9',
    display: 'Depressive episode, unspecified',
    chapter: 'Mental and behavioural disorders',
    base: 0.08,
  },
  {
    code: 'K21.9',
    display: 'Gastro-oesophageal reflux disease without oesophagitis',
    chapter: 'Diseases of the digestive system',
    base: 0.09,
  },
  {
    code: 'N18.3',
    display: 'Chronic kidney disease, stage 3',
    chapter: 'Diseases of the genitourinary system',
    base: 0.005,
    perYear: 0.0015,
    fromAge: 50,
  },
  {
    code: 'M81.0',
    display: 'Postmenopausal osteoporosis',
    chapter: 'Diseases of the musculoskeletal system and connective tissue',
    base: 0.01,
    perYear: 0.004,
    fromAge: 50,
    sex: 'female',
  },
  {
    code: 'G30.9',
    display: "Alzheimer's disease, unspecified",
    chapter: 'Diseases of the nervous system',
    base: 0.002,
    perYear: 0.003,
    fromAge: 65,
  },
  {
    code: 'C50.9',
    display: 'Malignant neoplasm of breast, unspecified',
    chapter: NEOPLASMS,
    base: 0.03,
    perYear: 0.0008,
    fromAge: 35,
    sex: 'female',
  },
  {
    code: 'C34.9',
    display: 'Malignant neoplasm of bronchus or lung, unspecified',
    chapter: NEOPLASMS,
    base: 0.006,
    perYear: 0.0008,
    fromAge: 45,
  },
  {
    code: 'C18.9',
    display: 'Malignant neoplasm of colon, unspecified',
    chapter: NEOPLASMS,
    base: 0.008,
    perYear: 0.0006,
    fromAge: 45,
  },
  {
    code: 'C61',
    display: 'Malignant neoplasm of prostate',
    chapter: NEOPLASMS,
    base: 0.01,
    perYear: 0.0012,
    fromAge: 50,
    sex: 'male',
  },
  {
    code: 'C25.9',
    display: 'Malignant neoplasm of pancreas, unspecified',
    chapter: NEOPLASMS,
    base: 0.003,
    perYear: 0.0002,
    fromAge: 50,
  },
  {
    code: 'D45',
    display: 'Polycythaemia vera',
    chapter: NEOPLASMS,
    base: 0.006,
    perYear: 0.0001,
    fromAge: 40,
  },
  { code: 'D64.9', display: 'Anaemia, unspecified', chapter: BLOOD, base: 0.04 },
];

/** Cancer codes that give a patient a tumour sample. */
export const CANCER_CODES = ['C50.9', 'C34.9', 'C18.9', 'C61', 'C25.9'] as const;

export const TISSUE_BY_CANCER: Record<string, string> = {
  'C50.9': 'breast',
  'C34.9': 'lung',
  'C18.9': 'colon',
  C61: 'prostate',
  'C25.9': 'pancreas',
};
