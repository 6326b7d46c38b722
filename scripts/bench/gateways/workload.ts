/**
 * The workload of the public graphql-gateways-benchmark (github.com/graphql-hive/graphql-gateways-benchmark),
 * "federation" scenario, reproduced in TypeScript: its four subgraphs (accounts, inventory, products, reviews)
 * with the same schemas, the same static in-memory data and the same resolver behaviour, and its `TestQuery`.
 *
 * Sources read (Rust, async-graphql): federation/subgraphs/{accounts,inventory,products,reviews}/subgraph.rs,
 * the composed schema gateways/hive-gateway-router-runtime/supergraph.graphql, and the load script k6.js
 * (query, 50 VUs, checks). Resolver quirks of the originals are kept on purpose; see the comments below.
 */
import { isDeepStrictEqual } from 'node:util';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type GraphQLSchema } from 'graphql';

export const SUBGRAPH_NAMES = ['accounts', 'inventory', 'products', 'reviews'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

/** k6.js `graphqlRequest.payload.query`, verbatim apart from indentation. */
export const TEST_QUERY = `fragment User on User {
  id
  username
  name
}

fragment Review on Review {
  id
  body
}

fragment Product on Product {
  inStock
  name
  price
  shippingEstimate
  upc
  weight
}

query TestQuery {
  users {
    ...User
    reviews {
      ...Review
      product {
        ...Product
        reviews {
          ...Review
          author {
            ...User
            reviews {
              ...Review
              product {
                ...Product
              }
            }
          }
        }
      }
    }
  }
  topProducts {
    ...Product
    reviews {
      ...Review
      author {
        ...User
        reviews {
          ...Review
          product {
            ...Product
          }
        }
      }
    }
  }
}`;

// ---------------------------------------------------------------------------------------------------------------
// Data (copied from the originals' lazy_static! tables)

interface User {
  id: string;
  name: string | null;
  username: string | null;
  birthday: number | null;
}
export const USERS: readonly User[] = [
  { id: '1', name: 'Uri Goldshtein', username: 'urigo', birthday: 1234567890 },
  { id: '2', name: 'Dotan Simha', username: 'dotansimha', birthday: 1234567890 },
  { id: '3', name: 'Kamil Kisiela', username: 'kamilkisiela', birthday: 1234567890 },
  { id: '4', name: 'Arda Tanrikulu', username: 'ardatan', birthday: 1234567890 },
  { id: '5', name: 'Gil Gardosh', username: 'gilgardosh', birthday: 1234567890 },
  { id: '6', name: 'Laurin Quast', username: 'laurin', birthday: 1234567890 },
];

interface Product {
  upc: string;
  name: string | null;
  price: number | null;
  weight: number | null;
}
export const PRODUCTS: readonly Product[] = [
  { upc: '1', name: 'Table', price: 899, weight: 100 },
  { upc: '2', name: 'Couch', price: 1299, weight: 1000 },
  { upc: '3', name: 'Glass', price: 15, weight: 20 },
  { upc: '4', name: 'Chair', price: 499, weight: 100 },
  { upc: '5', name: 'TV', price: 1299, weight: 1000 },
  { upc: '6', name: 'Lamp', price: 6999, weight: 300 },
  { upc: '7', name: 'Grill', price: 3999, weight: 2000 },
  { upc: '8', name: 'Fridge', price: 100000, weight: 6000 },
  { upc: '9', name: 'Sofa', price: 9999, weight: 800 },
];

/** The inventory's own Product records: price and weight are None there (they are @external). */
interface InventoryItem {
  upc: string;
  inStock: boolean | null;
  price: number | null;
  weight: number | null;
}
export const INVENTORY: readonly InventoryItem[] = (
  [
    ['1', true],
    ['2', false],
    ['3', false],
    ['4', false],
    ['5', true],
    ['6', true],
    ['7', true],
    ['8', false],
    ['9', true],
  ] as const
).map(([upc, inStock]) => ({ upc, inStock, price: null, weight: null }));

const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis aute irure dolor in reprehenderit in voluptate velit esse cillum dolore eu fugiat nulla pariatur. Excepteur sint occaecat cupidatat non proident, sunt in culpa qui officia deserunt mollit anim id est laborum.';
const SED_UT =
  'Sed ut perspiciatis unde omnis iste natus error sit voluptatem accusantium doloremque laudantium, totam rem aperiam, eaque ipsa quae ab illo inventore veritatis et quasi architecto beatae vitae dicta sunt explicabo. Nemo enim ipsam voluptatem quia voluptas sit aspernatur aut odit aut fugi';
const SED_QUIA =
  'sed quia consequuntur magni dolores eos qui ratione voluptatem sequi nesciunt. Neque porro quisquam est, qui dolorem ipsum quia dolor sit amet, consectetur, adipisci velit, sed quia non numquam eius modi tempora incidunt ut labore et dolore magnam aliquam quaerat voluptatem.';
const UT_ENIM =
  'Ut enim ad minima veniam, quis nostrum exercitationem ullam corporis suscipit laboriosam, nisi ut aliquid ex ea commodi consequatur? Quis autem';
const AT_VERO =
  'At vero eos et accusamus et iusto odio dignissimos ducimus qui blanditiis praesentium voluptatum deleniti atque corrupti quos dolores et quas molestias excepturi sint occaecati cupiditate non provident, similique sunt in culpa qui officia deserunt mollitia animi, id est laborum et dolorum fuga. Et harum quidem rerum facilis est et expedita distinctio. Nam libero tempore, cum soluta nobis est eligendi optio cumque nihil impedit quo minus id quod maxime placeat facere possimus, omnis voluptas assumenda est, omnis dolor repellendus. Temporibus autem quibusdam et aut officiis debitis aut rerum necessitatibus saepe eveniet ut et voluptates repudiandae sint et molestiae non recusandae. Itaque earum rerum hic tenetur a sapiente delectus, ut aut reiciendis voluptatibus maiores alias consequatur aut perferendis doloribus asperiores repellat.';

interface Review {
  id: string;
  body: string | null;
  product: { upc: string } | null;
}
export const REVIEWS: readonly Review[] = (
  [
    ['1', LOREM, '1'],
    ['2', SED_UT, '1'],
    ['3', SED_QUIA, '1'],
    ['4', UT_ENIM, '1'],
    ['5', LOREM, '2'],
    ['6', SED_UT, '2'],
    ['7', SED_QUIA, '2'],
    ['8', UT_ENIM, '2'],
    ['9', UT_ENIM, '3'],
    ['10', UT_ENIM, '4'],
    ['11', AT_VERO, '4'],
  ] as const
).map(([id, body, upc]) => ({ id, body, product: { upc } }));

/** What the data tables hold, for the report. */
export function dataSizes(): string {
  const reviewChars = REVIEWS.reduce((sum, review) => sum + (review.body?.length ?? 0), 0);
  return (
    `accounts: ${USERS.length} users; products: ${PRODUCTS.length} products; inventory: ${INVENTORY.length} items; ` +
    `reviews: ${REVIEWS.length} reviews (${reviewChars} characters of review bodies)`
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Schemas (Federation 2 SDL equivalent to what async-graphql exported; composes to the repository's supergraph)

const LINK =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

export const TYPE_DEFS: Record<SubgraphName, string> = {
  accounts: `${LINK}
type Query {
  me: User
  user(id: ID!): User
  users: [User]
}
type User @key(fields: "id") {
  id: ID!
  name: String
  username: String @shareable
  birthday: Int
}`,
  inventory: `${LINK}
type Product @key(fields: "upc") {
  upc: String!
  weight: Int @external
  price: Int @external
  inStock: Boolean
  shippingEstimate: Int @requires(fields: "price weight")
}`,
  products: `${LINK}
type Query {
  topProducts(first: Int = 5): [Product]
}
type Product @key(fields: "upc") {
  upc: String!
  name: String
  price: Int
  weight: Int
}`,
  reviews: `${LINK}
type Review @key(fields: "id") {
  id: ID!
  body: String
  product: Product
  author: User @provides(fields: "username")
}
type User @key(fields: "id") {
  id: ID!
  username: String @external
  reviews: [Review]
}
type Product @key(fields: "upc") {
  upc: String!
  reviews: [Review]
}`,
};

interface ReviewsUser {
  id: string;
  username: string | null;
  reviews: Review[];
}

const RESOLVERS: Record<SubgraphName, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: {
      me: () => USERS[0],
      user: (_: unknown, { id }: { id: string }) => USERS.find((user) => user.id === id) ?? null,
      users: () => USERS,
    },
    User: {
      __resolveReference: ({ id }: { id: string }) => USERS.find((user) => user.id === id),
    },
  },
  inventory: {
    Product: {
      // Like the original `find_product_by_id(upc)`: the inventory's own record, whose price and weight are
      // None, so the price and weight the gateway sends for @requires are not used.
      __resolveReference: ({ upc }: { upc: string }) => INVENTORY.find((item) => item.upc === upc),
      // The original's `shipping_estimate` over that record: always null in practice (k6.js expects null).
      shippingEstimate: (item: InventoryItem) => {
        if (item.price !== null) {
          if (item.price > 1000) return 0;
          if (item.weight !== null) return Math.trunc(item.weight / 2);
        }
        return null;
      },
    },
  },
  products: {
    Query: {
      topProducts: (_: unknown, { first }: { first?: number | null }) => PRODUCTS.slice(0, first ?? 5),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => PRODUCTS.find((product) => product.upc === upc),
    },
  },
  reviews: {
    Review: {
      __resolveReference: ({ id }: { id: string }) => REVIEWS.find((review) => review.id === id),
      // The original always answers user 1 "urigo" with reviews 1 and 2, whoever wrote the review.
      author: (): ReviewsUser => ({ id: '1', username: 'urigo', reviews: REVIEWS.slice(0, 2) }),
    },
    User: {
      // Every user has reviews 1 and 2 (the original's `find_user_by_id`).
      __resolveReference: ({ id }: { id: string }): ReviewsUser => ({
        id,
        username: 'user',
        reviews: REVIEWS.slice(0, 2),
      }),
    },
    Product: {
      __resolveReference: ({ upc }: { upc: string }) => ({ upc }),
      reviews: ({ upc }: { upc: string }) => REVIEWS.filter((review) => review.product?.upc === upc),
    },
  },
};

export function subgraphSchema(name: SubgraphName): GraphQLSchema {
  return buildSubgraphSchema({ typeDefs: parse(TYPE_DEFS[name]), resolvers: RESOLVERS[name] });
}

/** The supergraph, composed with Apollo's composition (what `rover supergraph compose` does). */
export function composeSupergraph(urls: Record<SubgraphName, string>): string {
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, url: urls[name], typeDefs: parse(TYPE_DEFS[name]) })),
  );
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

// ---------------------------------------------------------------------------------------------------------------
// The expected answer, built from the tables independently of any GraphQL execution

export function expectedData(): unknown {
  const user = (id: string) => {
    const found = USERS.find((candidate) => candidate.id === id)!;
    return { id: found.id, username: found.username, name: found.name };
  };
  const product = (upc: string) => {
    const found = PRODUCTS.find((candidate) => candidate.upc === upc)!;
    return {
      inStock: INVENTORY.find((item) => item.upc === upc)!.inStock,
      name: found.name,
      price: found.price,
      shippingEstimate: null,
      upc: found.upc,
      weight: found.weight,
    };
  };
  const review = (r: Review) => ({ id: r.id, body: r.body });
  const reviewsOf = (upc: string) => REVIEWS.filter((r) => r.product?.upc === upc);
  // Review.author: user 1 ("urigo" is provided by reviews, the name comes from accounts) with reviews 1 and 2.
  const author = () => ({
    ...user('1'),
    reviews: REVIEWS.slice(0, 2).map((r) => ({ ...review(r), product: product(r.product!.upc) })),
  });
  return {
    users: USERS.map((u) => ({
      ...user(u.id),
      reviews: REVIEWS.slice(0, 2).map((r) => ({
        ...review(r),
        product: {
          ...product(r.product!.upc),
          reviews: reviewsOf(r.product!.upc).map((pr) => ({ ...review(pr), author: author() })),
        },
      })),
    })),
    topProducts: PRODUCTS.slice(0, 5).map((p) => ({
      ...product(p.upc),
      reviews: reviewsOf(p.upc).map((pr) => ({ ...review(pr), author: author() })),
    })),
  };
}

export function matchesExpected(data: unknown): boolean {
  return isDeepStrictEqual(data, expectedData());
}
