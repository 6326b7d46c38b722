/** A small client of the registry's GraphQL API and HTTP endpoints, for the CLI and CI scripts. */
export class RegistryRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'RegistryRequestError';
  }
}

export class RegistryClient {
  constructor(
    readonly origin: string,
    private readonly token?: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...extra };
  }

  async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.origin}/graphql`, {
        method: 'POST',
        headers: this.headers({ 'content-type': 'application/json' }),
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new RegistryRequestError(
        `Registry at ${this.origin} is not reachable (${cause}). Set --registry or MESH_REGISTRY_URL.`,
        0,
        'UNREACHABLE',
      );
    }
    const body = (await response.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    if (body.errors?.length) {
      const [error] = body.errors;
      throw new RegistryRequestError(error!.message, response.status, error!.extensions?.code ?? null);
    }
    return body.data!;
  }

  async get(
    path: string,
    accept = 'application/json',
  ): Promise<{ status: number; text: string; headers: Headers }> {
    const response = await fetch(`${this.origin}${path}`, { headers: this.headers({ accept }) });
    const text = await response.text();
    if (response.status >= 400) {
      let message = text;
      let code: string | null = null;
      try {
        const parsed = JSON.parse(text) as { errors: { message: string; extensions?: { code?: string } }[] };
        message = parsed.errors[0]!.message;
        code = parsed.errors[0]!.extensions?.code ?? null;
      } catch {
        // not JSON
      }
      throw new RegistryRequestError(message, response.status, code);
    }
    return { status: response.status, text, headers: response.headers };
  }
}
