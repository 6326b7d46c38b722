import { newestVersions, readReleaseFacts, summarizeChanges } from '../components/catalog/history-model';

describe('summarizeChanges', () => {
  it('counts changes by criticality, most severe first', () => {
    expect(
      summarizeChanges([{ criticality: 'SAFE' }, { criticality: 'BREAKING' }, { criticality: 'SAFE' }]),
    ).toBe('1 breaking, 2 safe');
    expect(summarizeChanges([])).toBe('no API change');
  });
});

describe('readReleaseFacts', () => {
  it('reads the release facts of a version JSON-LD document', () => {
    expect(
      readReleaseFacts('1.1.0', {
        '@id': 'https://registry.example.org/products/clinical/versions/1.1.0',
        datePublished: '2026-01-02T03:04:05.000Z',
        'mesh:dataVersions': ['sha256:aa', 42, 'sha256:bb'],
        'mesh:gitCommit': 'abc123',
      }),
    ).toEqual({
      version: '1.1.0',
      id: 'https://registry.example.org/products/clinical/versions/1.1.0',
      publishedAt: '2026-01-02T03:04:05.000Z',
      dataVersions: ['sha256:aa', 'sha256:bb'],
      gitCommit: 'abc123',
    });
  });

  it('tolerates a missing document', () => {
    expect(readReleaseFacts('1.0.0', null)).toEqual({
      version: '1.0.0',
      id: null,
      publishedAt: null,
      dataVersions: [],
      gitCommit: null,
    });
  });
});

describe('newestVersions', () => {
  it('lists the newest versions first, at most limit', () => {
    expect(newestVersions(['1.0.0', '1.1.0', '2.0.0'], 2)).toEqual(['2.0.0', '1.1.0']);
  });
});
