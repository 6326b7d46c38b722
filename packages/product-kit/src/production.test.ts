import {
  assertProductionSafe,
  isPublishedDevSecret,
  productionProblems,
  PUBLISHED_DEV_SECRETS,
} from './production';
import { neutraliseCsvCell } from './csv-cell';

describe('production mode', () => {
  const production = { NODE_ENV: 'production' };

  it('compares values: a secret set to any published development default is refused, naming the variable', () => {
    for (const value of Object.values(PUBLISHED_DEV_SECRETS)) {
      const problems = productionProblems({ secrets: { JWT_SECRET: value } }, production);
      expect(problems).toEqual([expect.stringMatching(/^JWT_SECRET equals a published development default/)]);
    }
    expect(isPublishedDevSecret(` ${PUBLISHED_DEV_SECRETS.DEV_IDENTITY_SECRET} `)).toBe(true);
  });

  it('refuses unset secrets and lists every problem at once', () => {
    expect(() =>
      assertProductionSafe(
        'gateway',
        {
          secrets: { JWT_SECRET: undefined, MESH_IDENTITY_SECRET: '' },
          problems: ['DEMO_SIGN_IN=true: …', false],
        },
        production,
      ),
    ).toThrow(/JWT_SECRET is not set[\s\S]*MESH_IDENTITY_SECRET is not set[\s\S]*DEMO_SIGN_IN=true/);
  });

  it('accepts own secrets, and checks nothing outside production', () => {
    expect(productionProblems({ secrets: { JWT_SECRET: 'x'.repeat(40) } }, production)).toEqual([]);
    expect(productionProblems({ secrets: { JWT_SECRET: PUBLISHED_DEV_SECRETS.DEV_JWT_SECRET } }, {})).toEqual(
      [],
    );
  });
});

describe('neutraliseCsvCell (OWASP CSV injection)', () => {
  it.each(['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://evil")'])(
    'neutralises %j',
    (cell) => {
      expect(neutraliseCsvCell(cell)).toBe(`'${cell}`);
    },
  );
  it.each(['plain', '-1.5', '+3e-4', '12', '', 'a=b', '.5'])('leaves %j alone', (cell) => {
    expect(neutraliseCsvCell(cell)).toBe(cell);
  });
});
