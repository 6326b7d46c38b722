/** LOINC lab tests of the demo world, with UCUM units and the decimals a lab would report. */
export interface LabSpec {
  code: string;
  display: string;
  unit: string;
  decimals: number;
}

export const LABS = {
  hba1c: { code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood', unit: '%', decimals: 1 },
  glucose: {
    code: '2345-7',
    display: 'Glucose [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    decimals: 0,
  },
  hemoglobin: { code: '718-7', display: 'Hemoglobin [Mass/volume] in Blood', unit: 'g/dL', decimals: 1 },
  hematocrit: {
    code: '4544-3',
    display: 'Hematocrit [Volume Fraction] of Blood by Automated count',
    unit: '%',
    decimals: 1,
  },
  platelets: {
    code: '777-3',
    display: 'Platelets [#/volume] in Blood by Automated count',
    unit: '10*3/uL',
    decimals: 0,
  },
  leukocytes: {
    code: '6690-2',
    display: 'Leukocytes [#/volume] in Blood by Automated count',
    unit: '10*3/uL',
    decimals: 1,
  },
  creatinine: {
    code: '2160-0',
    display: 'Creatinine [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    decimals: 2,
  },
  egfr: {
    code: '33914-3',
    display:
      'Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in Serum or Plasma by Creatinine-based formula (MDRD)',
    unit: 'mL/min/{1.73_m2}',
    decimals: 0,
  },
  sodium: {
    code: '2951-2',
    display: 'Sodium [Moles/volume] in Serum or Plasma',
    unit: 'mmol/L',
    decimals: 0,
  },
  potassium: {
    code: '2823-3',
    display: 'Potassium [Moles/volume] in Serum or Plasma',
    unit: 'mmol/L',
    decimals: 1,
  },
  cholesterol: {
    code: '2093-3',
    display: 'Cholesterol [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    decimals: 0,
  },
  ldl: {
    code: '13457-7',
    display: 'Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation',
    unit: 'mg/dL',
    decimals: 0,
  },
  hdl: {
    code: '2085-9',
    display: 'Cholesterol in HDL [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    decimals: 0,
  },
  triglycerides: {
    code: '2571-8',
    display: 'Triglyceride [Mass/volume] in Serum or Plasma',
    unit: 'mg/dL',
    decimals: 0,
  },
  bmi: { code: '39156-5', display: 'Body mass index (BMI) [Ratio]', unit: 'kg/m2', decimals: 1 },
  systolic: { code: '8480-6', display: 'Systolic blood pressure', unit: 'mm[Hg]', decimals: 0 },
} as const satisfies Record<string, LabSpec>;

export type LabKey = keyof typeof LABS;

/** Tests drawn together at an encounter, and how often a panel is ordered. */
export const PANELS: readonly { labs: readonly LabKey[]; probability: number }[] = [
  { labs: ['hemoglobin', 'hematocrit', 'platelets', 'leukocytes'], probability: 0.55 },
  { labs: ['glucose', 'creatinine', 'egfr', 'sodium', 'potassium'], probability: 0.5 },
  { labs: ['cholesterol', 'ldl', 'hdl', 'triglycerides'], probability: 0.25 },
  { labs: ['hba1c'], probability: 0.2 },
  { labs: ['bmi', 'systolic'], probability: 0.7 },
];
